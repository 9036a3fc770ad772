import datetime as dt
import json

import pytest

from factcheck import Article, InputError
from factcheck.articles import read_article, read_jsonl_sets, to_article, to_articles


def test_metadata_line_becomes_published_and_keeps_offsets(tmp_path):
    raw = " date 2025-01-28 WASHINGTON - Trade rose."
    p = tmp_path / "wire.txt"
    p.write_text(raw, encoding="utf-8")
    a = read_article(p)
    assert a.id == "wire"
    assert a.published == dt.date(2025, 1, 28)
    assert "2025" not in a.text
    assert len(a.text) == len(raw)  # blanked, not cut: offsets index the file
    assert a.text.index("Trade") == raw.index("Trade")


def test_plain_string_and_dict():
    a = to_article("Rain fell.", default_id="x")
    assert a == Article(id="x", text="Rain fell.")
    b = to_article({"id": "w", "text": "Hi there.", "title": "T", "published": "2024-02-03"}, default_id="y")
    assert (b.id, b.title, b.published) == ("w", "T", dt.date(2024, 2, 3))


def test_non_utf8_file_warns_and_decodes(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"Caf\xe9 prices rose 3% on Monday.")
    with pytest.warns(UserWarning, match=r"bad\.txt"):
        a = read_article(p)
    assert "prices rose" in a.text


def test_unreadable_file_names_the_path(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt"):
        read_article(tmp_path / "nope.txt")


def test_duplicate_ids_rejected():
    with pytest.raises(InputError, match="E104"):
        to_articles([Article(id="a", text="x"), Article(id="a", text="y")])


def test_single_string_is_not_a_set():
    with pytest.raises(InputError, match="list of articles"):
        to_articles("just one text")


def test_jsonl_bad_lines_become_errors(tmp_path):
    p = tmp_path / "in.jsonl"
    good = {"id": "s1", "articles": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]}
    p.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "s3", "articles": 5}) + "\n")
    items = list(read_jsonl_sets(p))
    assert items[0].id == "s1"
    assert isinstance(items[1], InputError) and items[1].set_id == "line-2"
    assert isinstance(items[2], InputError) and items[2].set_id == "s3"


PAGE = (
    '<html><head><title>Rates rise</title><meta name="date" content="2026-03-04"></head><body>'
    "<nav>Home | World | Sport</nav><article><h1>Rates rise</h1>"
    "<p>The central bank raised its benchmark rate by a quarter point on Tuesday, the bank said.</p>"
    "<p>Inflation stood at 4.1 percent in February, the statistics office said.</p></article>"
    "<footer>Copyright 2026 Example News</footer></body></html>"
)


def test_html_page_main_text_title_and_date(tmp_path):
    pytest.importorskip("trafilatura")
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    a = read_article(p)
    assert (a.id, a.title, a.published) == ("page", "Rates rise", dt.date(2026, 3, 4))
    assert "raised its benchmark rate" in a.text and "Copyright" not in a.text and "Home |" not in a.text


def test_stdin_json_list_and_jsonl():
    from factcheck.articles import stdin_articles

    listed = stdin_articles(json.dumps([{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}]))
    lines = stdin_articles('{"id": "x", "text": "One."}\n{"id": "y", "text": "Two."}\n')
    assert [a.id for a in listed] == [a.id for a in lines] == ["x", "y"]
    with pytest.raises(InputError, match="E106"):
        stdin_articles('{"id": "x", "text": "One."}\n{broken\n')
