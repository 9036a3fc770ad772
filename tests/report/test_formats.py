import re

from factcheck.report import render, to_html

A = "The council approved the budget on Monday. The mayor opened a bridge in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."


def test_html_is_self_contained_and_marks_every_claim(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    page = to_html(r, texts={"a1": A, "a2": B})
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    assert len(re.findall(r'class="claim l-', page)) == len(r.claims)
    assert "Monday" in page and "weekday mismatch" in page  # conflicts table names both values
    plain = re.sub(r"<[^>]+>", "", page)
    assert "The mayor opened a bridge" in plain


def test_nested_and_overlapping_claims_all_get_a_span(tiny_verifier):
    from dataclasses import replace

    r = tiny_verifier.verify([A, B])
    first = r.for_source("a1")[0]
    inner = replace(
        first, id="a1:99", start=first.start + 4, end=first.end - 4, text=A[first.start + 4 : first.end - 4]
    )
    r2 = replace(r, claims=(*r.claims, inner))
    page = to_html(r2, texts={"a1": A, "a2": B})
    assert page.count('class="claim l-') == len(r2.claims)
    assert page.count("<span") == page.count("</span>")


def test_markdown_and_json_render(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    assert render(r, "md").startswith("# factcheck report")
    assert render(r, "json").startswith("{")
    assert "conflicting" in render(r, "text", width=100)


def test_text_report_keeps_square_brackets_and_reasons(tiny_verifier):
    from factcheck.report import render

    r = tiny_verifier.verify(["Trade rose 3% [sic] in May [/sic].", "Trade fell 3% [sic] in May [/sic]."])
    text = render(r, "text", width=160)  # each reason on one line
    assert "[sic]" in text and "[/sic" in text  # rich would delete the first and crash on the second
    assert "[opposite predicates: this rose, a2 fell]" in text and "[opposite predicates: this fell, a1 rose]" in text


def _md_sections(md: str) -> dict[str, list[list[str]]]:
    """Table rows (cells) under each heading of a Markdown report (header rows left out)."""
    out: dict[str, list[list[str]]] = {}
    head = ""
    for line in md.splitlines():
        if line.startswith("## ") or line.startswith("<details>"):
            head = re.sub(r"<[^>]+>", "", line).lstrip("# ").strip()
            out[head] = []
        elif head and line.startswith("| ") and not line.startswith("| source"):
            out[head].append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return out


def test_markdown_lists_each_pair_once_and_no_empty_section(tiny_verifier):
    from factcheck.report import to_markdown
    from factcheck.types import Relation

    texts = [
        "The council approved the budget on Monday. The mayor opened a bridge in the north of the city.",
        "The council approved the budget on Tuesday. The mayor opened a bridge in the north of the city, officials said.",
        "Heavy rain flooded the market. The council approved the budget on Monday.",
    ]
    r = tiny_verifier.verify(texts)
    by_id = {c.id: (c.source, c.text) for c in r.claims}
    sections = _md_sections(to_markdown(r))
    for rel, title in ((Relation.CONFLICTS, "Conflicts"), (Relation.AGREES, "Agreeing pairs")):
        want = {frozenset((c.id, e.claim)) for c in r.claims for e in c.evidence if e.relation is rel}
        assert want, rel  # the texts give both kinds of pair
        (head,) = [h for h in sections if h.startswith(title)]
        assert head == f"{title} ({len(want)})"
        rows = sections[head]
        got = [frozenset((by_id_key(by_id, row[0], row[1]), by_id_key(by_id, row[2], row[3]))) for row in rows]
        assert len(got) == len(set(got)) == len(want)  # one row per pair, never both ways
        assert set(got) == want

    # two articles that only conflict: no unique or agreeing section, not even an empty one
    md = to_markdown(tiny_verifier.verify([A.split(". ")[0] + ".", B.split(". ")[0] + "."]))
    assert "## Conflicts (1)" in md
    assert "Unique" not in md and "Agreeing" not in md and "None." not in md


def by_id_key(by_id: dict[str, tuple[str, str]], source: str, text: str) -> str:
    text = re.sub(r" _\(per .*\)_$", "", text)  # who the source credits the claim to
    (cid,) = [k for k, v in by_id.items() if v == (source, text.replace("\\|", "|"))]
    return cid
