"""External dataset loaders (skipped where ../shared/data is absent)."""

import pytest

from factcheck.bench.external import PAIR_LOADERS, ecbplus_sets, load_pairs

pytestmark = pytest.mark.data


@pytest.mark.parametrize("name", sorted(PAIR_LOADERS))
def test_pair_loaders_map_to_our_labels(data_dir, name):
    pairs = load_pairs(name, data_dir)
    assert len(pairs) >= 100
    assert {p[3] for p in pairs} <= {"agreeing", "unique", "conflicting"}
    assert all(p[1].strip() and p[2].strip() for p in pairs)
    assert load_pairs(name, data_dir) == pairs  # deterministic subsample


def test_ecbplus_sets_have_same_event_articles_and_a_distractor(data_dir):
    sets = ecbplus_sets(data_dir)
    assert len(sets) >= 20
    for gold, sister in sets:
        assert len(sister) == 1 and len(gold.articles) >= 3
        texts = {a.id: a.text for a in gold.articles}
        for c in gold.claims:
            assert texts[c.source][c.start : c.end] == c.text
            if c.source in sister:
                assert c.label == "unique"
