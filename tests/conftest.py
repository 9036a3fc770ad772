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
