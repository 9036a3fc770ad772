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
    text = render(r, "text")
    assert "[sic]" in text and "[/sic" in text  # rich would delete the first and crash on the second
    assert "[opposite predicates: rose vs fell]" in text
