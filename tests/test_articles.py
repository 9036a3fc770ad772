import datetime as dt
import json

import pytest

from factcheck import Article, InputError
from factcheck.articles import (
    location_kind,
    read_article,
    read_articles,
    read_jsonl_sets,
    to_article,
    to_articles,
)


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


# -- a string that looks like a path is a path (issue 39, item 1) ---------------------------------


def _quake(tmp_path):
    folder = tmp_path / "quake"
    folder.mkdir()
    (folder / "wire_a.txt").write_text("A 6.4 earthquake struck on Tuesday, killing 12 people.", encoding="utf-8")
    return folder


def test_a_mistyped_path_is_e103_not_text(tmp_path, tiny_verifier):
    folder = _quake(tmp_path)
    with pytest.raises(InputError, match=r"\[E103\] Cannot read .*wire_x\.txt.*did you mean .*wire_a\.txt.*Article\("):
        tiny_verifier.verify([str(folder / "wire_a.txt"), str(folder / "wire_x.txt")])
    with pytest.raises(InputError, match="E103"):  # no suffix, but one token with a separator
        to_article("quake/wire_x", default_id="a")
    with pytest.raises(InputError, match="E103"):
        to_article("missing.json", default_id="a")
    assert to_article(f"  {folder / 'wire_a.txt'}\n", default_id="a").id == "wire_a"  # stray whitespace


def test_a_folder_is_read_as_the_command_line_reads_it(tmp_path, tiny_verifier):
    folder = _quake(tmp_path)
    assert to_article(str(folder) + "/", default_id="a").id == "quake"  # one article: named after it
    with pytest.raises(InputError, match=r"E102.*\(quake\)"):  # not the folder name as text
        tiny_verifier.verify([str(folder) + "/"])
    (folder / "wire_b.txt").write_text("A 6.4 earthquake struck on Tuesday.", encoding="utf-8")
    assert [a.id for a in to_articles([str(folder)])] == ["wire_a", "wire_b"]
    assert [a.id for a in to_articles([folder])] == ["wire_a", "wire_b"]  # a Path too
    with pytest.raises(InputError, match=r"E103.*a folder of 2 articles"):
        to_article(str(folder), default_id="a")


def test_a_url_is_not_fetched_and_says_how_to_save_it(tiny_verifier):
    with pytest.raises(InputError, match=r"\[E103\] Cannot read 'https://example\.com/news/quake': .*does not fetch.*Save"):
        tiny_verifier.verify(["Rain fell.", "https://example.com/news/quake"])


@pytest.mark.parametrize(
    "text",
    ["Sales rose 3%/year in May.", "He said it was either/or.", "The 2023/24 budget passed", "Rain fell on Monday."],
)
def test_sentences_with_a_slash_are_text(text):
    assert location_kind(text) is None
    assert to_article(text, default_id="a").text == text


def test_article_text_is_always_text():
    assert to_articles([Article(id="a", text="quake/wire_x.txt")])[0].text == "quake/wire_x.txt"
    assert to_article({"text": "quake/"}, default_id="b").text == "quake/"


def test_the_same_file_twice_names_the_typed_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Rain fell.", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E116\] 'a\.txt' and 'a\.txt' are the same file"):
        read_articles(["a.txt", "a.txt"])
    assert [a.id for a in read_articles(["a.txt", "a.txt"], ids=["x", "y"])] == ["x", "y"]


def test_a_file_named_like_a_host_is_read_and_a_url_with_a_space_is_still_a_url(tmp_path, monkeypatch):
    from factcheck.articles import read_articles

    monkeypatch.chdir(tmp_path)
    (tmp_path / "www.example.com.txt").write_text("The council approved the budget on Monday.", encoding="utf-8")
    assert [a.id for a in read_articles(["www.example.com.txt"])] == ["www.example.com"]
    assert to_article("www.example.com.txt", default_id="a1").text.startswith("The council")
    with pytest.raises(InputError, match=r"\[E103\] Cannot read 'https://example.com/a b': .*does not fetch"):
        read_articles(["https://example.com/a b"])
