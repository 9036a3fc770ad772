from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Keep the embedding cache of CLI batch runs out of the user's home.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="factcheck-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def splitter():
    from factcheck.claims import ClaimSplitter

    return ClaimSplitter()


@pytest.fixture(scope="session")
def tiny_verifier():
    """A verifier with the deterministic hashing embedder: no model, fast."""
    from factcheck import Verifier

    return Verifier(embedder="hashing", relation_model=None)


@pytest.fixture(scope="session")
def real_verifier():
    """The default verifier with the packaged MiniLM model (offline)."""
    from factcheck import Verifier

    return Verifier()


@pytest.fixture(scope="session")
def seed_report(real_verifier):
    return real_verifier.verify(SEEDS)


@pytest.fixture()
def data_dir():
    if not DATA.is_dir():
        pytest.skip(f"shared data not found at {DATA}")
    return DATA


_SLOW_MODULES = {"test_ray.py"}  # a local Ray instance per test module
_SLOW_TESTS = {"test_parsing_workers_give_the_same_reports_in_order", "test_parsing_workers_raise_errors_in_input_order"}


def pytest_collection_modifyitems(config, items):
    """Everything that loads a real model, starts Ray or a process pool is also ``slow``."""
    for item in items:
        if (
            item.get_closest_marker("model")
            or item.get_closest_marker("browser")
            or item.path.name in _SLOW_MODULES
            or getattr(item, "originalname", None) in _SLOW_TESTS  # doctest items have none
            or "real_verifier" in getattr(item, "fixturenames", ())
            or "seed_report" in getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.slow)
