"""Words every report format shares: what a confidence means, who a claim is credited to.

Example:
    >>> confidence_note("unique", 0.09)
    'confidence 0.09 that no other source says this'
    >>> from factcheck.types import Evidence, Relation
    >>> ev = Evidence(claim="b:1", source="wire_b", text="We will rebuild.", relation=Relation.AGREES,
    ...               similarity=0.9, reason="same fact", attribution="Governor Paul Ortiz")
    >>> credited("Mayor Elena Brandt", ev), credited(None, ev)
    ('wire_b credits it to Governor Paul Ortiz', 'per Governor Paul Ortiz')
"""

from __future__ import annotations

from ..types import Evidence

__all__ = ["CONFIDENCE_MEANS", "confidence_note", "credited"]

#: What a claim's confidence is the probability of, by label (verify) and verdict (check):
#: the strongest evidence's probability for agreeing/supported and conflicting/contradicted
#: claims, the chance that no candidate states it for unique/unsupported ones (``label.py``).
CONFIDENCE_MEANS = {
    "agreeing": "that another source says this",
    "conflicting": "that another source contradicts this",
    "unique": "that no other source says this",
    "supported": "that a source says this",
    "contradicted": "that a source contradicts this",
    "unsupported": "that no source says this",
}


def confidence_note(label: str, confidence: float) -> str:
    """A claim's confidence with what it measures: ``confidence 0.09 that no other source says this``."""
    return f"confidence {confidence:.2f} {CONFIDENCE_MEANS[label]}"


def credited(attribution: str | None, ev: Evidence, name: str | None = None) -> str:
    """Who the evidence's source credits its claim to: ``"per Mayor Brandt"``, or, where the
    claim (credited to ``attribution``) names someone else, ``"wire_b credits it to Mayor
    Brandt"``; ``""`` when that source credits no one. ``name``: how to call the evidence's
    source (its id by default)."""
    if not ev.attribution:
        return ""
    if attribution and attribution.casefold() != ev.attribution.casefold():
        return f"{name or ev.source} credits it to {ev.attribution}"
    return f"per {ev.attribution}"
