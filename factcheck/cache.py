"""The persistent SQLite cache (``Verifier(cache=...)``): one file, two tables.

    vectors (model, key, dim, vec)   key: blake2b-128 of the text; vec: float32 bytes
    claims  (splitter, key, claims)  key: blake2b-128 of "article id NUL article text";
                                     claims: a JSON list of Claim.claim_dict()

Embeddings are read and written by :class:`~factcheck.embed.CachedEmbedder`, split claims by
the verifier's split stage (:class:`~factcheck.stream.SplitStage`); both go through
:class:`Cache`, the only place with the SQL. Several processes may write at once (WAL
journal, ``INSERT OR IGNORE``, a busy timeout): a row is computed once per key, ever.

Example:
    >>> import tempfile, pathlib
    >>> from factcheck.types import Claim
    >>> cache = Cache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
    >>> claim = Claim(id="a:1", source="a", text="Rain fell.", start=0, end=10, statement="Rain fell.", sentence=0)
    >>> cache.put_claims("claims/5:default", b"k", [claim])
    >>> cache.get_claims("claims/5:default", b"k") == [claim], cache.get_claims("claims/5:default", b"x")
    (True, None)
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .types import Article, Claim

__all__ = ["Cache", "article_key", "default_cache_path", "open_cache", "text_key"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))",
    "CREATE TABLE IF NOT EXISTS claims (splitter TEXT, key BLOB, claims TEXT, PRIMARY KEY (splitter, key))",
)

#: Keys per ``SELECT ... IN (...)``, well under SQLite's limit on bound parameters.
_SELECT_BATCH = 500


def text_key(text: str) -> bytes:
    """The ``vectors`` key of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def article_key(article: Article) -> bytes:
    """The ``claims`` key of an article: its id and text."""
    return hashlib.blake2b(f"{article.id}\x00{article.text}".encode(), digest_size=16).digest()


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/factcheck/embeddings.sqlite`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck" / "embeddings.sqlite"


def open_cache(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the cache database, ready for concurrent writers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    # Switching a new file to WAL can report "locked" at once when two processes race to do it
    # (the busy timeout does not cover it): retry for a while.
    for attempt in range(200):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
            return db
        except sqlite3.OperationalError:
            if attempt == 199:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


class Cache:
    """The cache file, opened on first use: get and put embeddings and split claims.

    Args:
        path: the SQLite file (created with its folder); default :func:`default_cache_path`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._db: sqlite3.Connection | None = None

    def connection(self) -> sqlite3.Connection:
        """The open database (opened, and the tables created, on first call)."""
        if self._db is None:
            self._db = open_cache(self.path)
        return self._db

    # -- vectors -------------------------------------------------------------------------------

    def get_vectors(self, model: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors of ``model`` among ``keys`` (distinct :func:`text_key` values)."""
        db = self.connection()
        found: dict[bytes, np.ndarray] = {}
        for lo in range(0, len(keys), _SELECT_BATCH):
            chunk = keys[lo : lo + _SELECT_BATCH]
            rows = db.execute(
                f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                [model, *chunk],
            ).fetchall()
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def put_vectors(self, model: str, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store one row of ``vectors`` per key (a key already there keeps its vector)."""
        self.connection().executemany(
            "INSERT OR IGNORE INTO vectors (model, key, dim, vec) VALUES (?, ?, ?, ?)",
            [
                (model, k, vectors.shape[1], vectors[n].astype(np.float32).tobytes())
                for n, k in enumerate(keys)
            ],
        )

    # -- claims --------------------------------------------------------------------------------

    def get_claims(self, splitter: str, key: bytes) -> list[Claim] | None:
        """The claims split from an article (:func:`article_key`) by ``splitter``, if cached."""
        row = (
            self.connection()
            .execute("SELECT claims FROM claims WHERE splitter = ? AND key = ?", (splitter, key))
            .fetchone()
        )
        return [Claim.from_dict(c) for c in json.loads(row[0])] if row else None

    def put_claims(self, splitter: str, key: bytes, claims: Sequence[Claim]) -> None:
        """Store an article's claims (an article already there keeps its claims)."""
        self.connection().execute(
            "INSERT OR IGNORE INTO claims (splitter, key, claims) VALUES (?, ?, ?)",
            (splitter, key, json.dumps([c.claim_dict() for c in claims])),
        )
