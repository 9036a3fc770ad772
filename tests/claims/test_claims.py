import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import Article
from factcheck.claims import blocks


def claims_of(splitter, text):
    return splitter.split(Article(id="t", text=text))


def test_coordination_and_absolute_clause_make_three_claims(splitter):
    text = (
        "The U.S. is India's largest trading partner and two-way trade surpassed $118 billion in "
        "2023/24, with India posting a surplus of $32 billion."
    )
    got = [c.text for c in claims_of(splitter, text)]
    assert got == [
        "The U.S. is India's largest trading partner",
        "two-way trade surpassed $118 billion in 2023/24",
        "India posting a surplus of $32 billion",
    ]


@pytest.mark.parametrize(
    ("text", "claim", "who"),
    [
        (
            "The White House said that plans for a visit were discussed.",
            "plans for a visit were discussed",
            "The White House",
        ),
        ("According to the ministry, exports rose 4% in May.", "exports rose 4% in May", "the ministry"),
        ("Trump told reporters Modi will visit in February.", "Modi will visit in February", "Trump"),
        ('"We will work together," Modi said.', "We will work together", "Modi"),
    ],
)
def test_attribution_keeps_content(splitter, text, claim, who):
    (c,) = claims_of(splitter, text)
    assert c.text == claim
    assert c.attribution == who


def test_denials_are_not_attribution(splitter):
    (c,) = claims_of(splitter, "The company denied that it had laid off 300 workers.")
    assert "denied" in c.text and c.attribution is None


def test_headings_bylines_datelines_dropped():
    text = (
        "Conclusion\n\n'DO WHAT'S RIGHT'\n\nWASHINGTON - Trade rose sharply in May.\n\n"
        "(Reporting by A. Person; Editing by B. Person)\n\n   \n"
    )
    assert [text[s:e] for s, e, _ in blocks(text)] == ["Trade rose sharply in May."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a participle clause states a fact of its own
            "A ferry capsized off the island late on Sunday, killing 14 people.",
            [("A ferry capsized off the island late on Sunday", None), ("killing 14 people", None)],
        ),
        (  # an appositive is stated with the noun it describes
            "The ferry is operated by Blue Strait Lines, a family-owned company based in the town.",
            [
                ("The ferry is operated by Blue Strait Lines", None),
                ("a family-owned company based in the town", "Blue Strait Lines, a family-owned company based in the town"),
            ],
        ),
        (  # a noun phrase that sums up the clause
            "About 30,000 runners took part, the largest field in the race's history.",
            [("About 30,000 runners took part", None), ("the largest field in the race's history", None)],
        ),
        (  # "up from" gives the earlier figure
            "Turnout was 41 percent, up from 33 percent in the first round.",
            [("Turnout was 41 percent", None), ("up from 33 percent in the first round", None)],
        ),
    ],
)
def test_asides_after_a_comma_are_claims_of_their_own(splitter, text, expected):
    got = [(c.text, c.statement if c.statement != c.text else None) for c in claims_of(splitter, text)]
    assert got == expected


def test_a_reporting_participle_keeps_the_content_and_the_speaker(splitter):
    cs = claims_of(splitter, "She ruled out further increases this year, saying inflation had peaked in March.")
    assert [(c.text, c.attribution) for c in cs] == [
        ("She ruled out further increases this year", None),
        ("inflation had peaked in March", "She"),
    ]


def test_asides_that_are_fragments_comments_or_inside_the_clause_stay(splitter):
    for text in (
        "The index fell sharply in March, losing 4%.",  # an aside of two words: a fragment
        "Prices rose, up from 3 percent in May.",  # what is left would be a fragment
        "Trump criticized the deal, calling it a disaster for farmers.",  # no figure: a comment on the clause
        "The company, founded in 1990 by two brothers, employs 4,000 people.",  # not after the clause
    ):
        assert len(claims_of(splitter, text)) == 1, text


def test_shared_subject_restored_in_statement(splitter):
    cs = claims_of(splitter, "The council approved the budget on Monday and rejected a new tax on Friday.")
    assert [c.text for c in cs] == [
        "The council approved the budget on Monday",
        "rejected a new tax on Friday",
    ]
    assert cs[1].statement == "The council rejected a new tax on Friday"


def test_seed_files_claims_round_trip(splitter):
    from factcheck.articles import read_article

    from ..conftest import SEEDS

    for path in SEEDS:
        art = read_article(path)
        cs = splitter.split(art)
        assert len(cs) > 10
        for c in cs:
            assert art.text[c.start : c.end] == c.text
        assert not any("Reporting by" in c.text or c.text.strip() == "Conclusion" for c in cs)


_words = st.sampled_from(
    [
        "the",
        "minister",
        "said",
        "trade",
        "rose",
        "fell",
        "3%",
        "$4",
        "billion",
        "on",
        "Monday",
        "and",
        "but",
        "with",
        "India",
        "posting",
        "a",
        "surplus",
        "not",
        "never",
        "according",
        "to",
        "reporters",
        "Conclusion",
        "WASHINGTON",
        "-",
        ".",
        ",",
        ";",
        "\n",
        "\n\n",
        '"',
        "'",
        "(",
        ")",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_words, min_size=0, max_size=60).map(" ".join) | st.text(max_size=200))
def test_spans_round_trip_and_stay_in_their_block(splitter, text):
    art = Article(id="h", text=text)
    spans = blocks(text)
    for c in splitter.split(art):
        assert c.text.strip(), "no empty claims"
        assert text[c.start : c.end] == c.text
        assert any(s <= c.start and c.end <= e for s, e, _ in spans), "a claim never leaves its block"


def test_enumerations_get_one_view_per_item(splitter):
    (c,) = claims_of(splitter, "On Monday, the ministers discussed trade, energy, security and migration.")
    assert c.statement == "On Monday, the ministers discussed trade, energy, security and migration"
    # fronted framing goes, the subject and predicate stay, one item each
    assert c.items == (
        "the ministers discussed trade",
        "the ministers discussed energy",
        "the ministers discussed security",
        "the ministers discussed migration",
    )


def test_item_views_keep_each_items_own_words(splitter):
    (c,) = claims_of(splitter, "Talks covered security in the Indo-Pacific, the Middle East, and Europe.")
    assert len(c.items) == 3
    assert "Indo-Pacific" in c.items[0] and "Middle East" not in c.items[0]
    assert c.items[1].endswith("the Middle East") and c.items[2].endswith("Europe")


@pytest.mark.parametrize(
    "text",
    [
        "The ministers discussed trade and energy.",  # two items: no enumeration
        "The ministers met in Paris on Monday.",
    ],
)
def test_no_item_views_without_a_list(splitter, text):
    assert all(not c.items for c in claims_of(splitter, text))


def test_long_lists_get_no_item_views():
    from factcheck.claims import ClaimSplitter

    text = "The ministers discussed trade, energy, security and migration."
    assert not ClaimSplitter(max_items=3).split(Article(id="t", text=text))[0].items


@pytest.mark.parametrize(
    "text",
    [
        "Police said the suspect fled to Paris, Lyon or Marseille.",  # alternatives
        "The temple sits in Thebes (No-Amun, Waset and the City of Amun) near Luxor.",  # aliases
    ],
)
def test_alternatives_and_aliases_are_not_item_lists(splitter, text):
    assert all(not c.items for c in claims_of(splitter, text))


@pytest.mark.parametrize(
    "text",
    [
        "Hartwell Markets, Inc. and FreshWay Foods Corp. today announced a definitive agreement.",
        "Without proper shelter, children and older people are at serious risk.",  # often misparsed
    ],
)
def test_company_suffixes_and_subjectless_clauses_get_no_item_views(splitter, text):
    assert all(not c.items for c in claims_of(splitter, text))


def test_a_coordinated_predicate_keeps_its_shared_subject_in_item_views(splitter):
    claims = claims_of(splitter, "The ministers met in Paris and discussed trade, energy and security.")
    listed = [c for c in claims if c.items]
    assert len(listed) == 1
    assert listed[0].items == (
        "The ministers discussed trade",
        "The ministers discussed energy",
        "The ministers discussed security",
    )


@pytest.mark.parametrize(
    "text",
    [
        "A woman is slicing an eggplant",
        "There is no woman slicing an eggplant",
        "Modi visits",
        "Peace",
        "TRUMP URGES INDIA TO BUY MORE U.S. ARMS",
    ],
)
def test_a_one_line_text_is_a_claim_punctuated_or_not(splitter, text):
    (c,) = claims_of(splitter, text)
    assert text.startswith(c.text) and c.kind == "sentence"


def test_an_opening_headline_is_a_claim_marked_as_such(splitter):
    text = (
        "Trump urges India to buy U.S. weapons\n\nBy Jane Doe\n\n"
        "WASHINGTON - Trump pressed India to buy more American security equipment.\n\nBackground\n\n"
        "The two leaders spoke on Monday."
    )
    cs = claims_of(splitter, text)
    assert [(c.kind, c.text) for c in cs] == [
        ("headline", "Trump urges India to buy U.S. weapons"),
        ("sentence", "Trump pressed India to buy more American security equipment"),
        ("sentence", "The two leaders spoke on Monday"),
    ]  # the byline, the dateline and the section heading stay out


_letters = st.text(st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_letters, min_size=1, max_size=30), st.sampled_from([" ", "\n", "\n\n"]))
def test_any_text_of_letters_gives_a_claim_inside_it(splitter, words, sep):
    text = sep.join(words)
    cs = claims_of(splitter, text)
    assert cs, "a text with words in it gives at least one claim"
    for c in cs:
        assert 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.text
