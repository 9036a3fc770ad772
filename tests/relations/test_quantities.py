import math

import pytest

from factcheck.relations.quantities import compare, extract


def one(text):
    qs = extract(text)
    assert qs, text
    return qs[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("$118 billion", "118bn dollars"),
        ("$118 billion", "$118,000,000,000"),
        ("surpassed $118 billion", "about $120 billion"),
        ("more than 200 people died", "at least 230 people died"),
        ("nearly 50%", "48%"),
        ("about 3 million people", "2.9 million people"),
        ("in 2023/24", "in 2024"),
    ],
)
def test_compatible_values_do_not_conflict(a, b):
    c = compare(extract(a), extract(b))
    assert not c.conflicts and c.agreements


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("trade of $118 billion", "trade of $90 billion", ("$118 billion", "$90 billion")),
        ("12 people were killed", "13 people were killed", ("12", "13")),
        ("turnout was 61%", "turnout was 55 percent", ("61%", "55 percent")),
        ("on Monday", "on Tuesday", ("Monday", "Tuesday")),
        ("on January 20", "on Jan. 21", ("January 20", "Jan. 21")),
        ("fewer than 50 people", "about 80 people", ("fewer than 50", "about 80")),
    ],
)
def test_disjoint_values_conflict(a, b, shown):
    c = compare(extract(a), extract(b))
    assert [(x.text, y.text) for x, y in c.conflicts] == [shown]


def test_different_units_are_not_compared():
    c = compare(extract("The plant employs 400 people."), extract("The plant produced 400 tonnes."))
    assert not c.conflicts and not c.agreements


def test_hedges_become_bounds():
    assert one("more than 200 people").high == math.inf
    assert one("up to 40 flights").low == -math.inf
    assert one("2023/24").kind == "fiscal_year"
