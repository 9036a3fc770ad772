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


#: Fixtures that load the real models: a test that uses one must be marked ``model``.
_MODEL_FIXTURES = frozenset({"real_verifier", "seed_report"})


def pytest_collection_modifyitems(config, items):
    """Markers are set in the test files: ``slow`` (Ray, process pools), ``model`` (the real
    packaged models) and ``browser`` (chromium); ``model`` and ``browser`` tests are ``slow`` too,
    so ``pytest -m "not slow"`` is the fast suite. A test that uses a real-model fixture without
    the ``model`` marker is an error, so that no test moves between the suites unseen."""
    unmarked = []
    for item in items:
        if item.get_closest_marker("model") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        elif _MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            unmarked.append(item.nodeid)
    if unmarked:
        raise pytest.UsageError("mark these tests @pytest.mark.model (they load the real models): " + ", ".join(unmarked))
