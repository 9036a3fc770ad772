"""The persistent SQLite cache (``Verifier(cache=...)``): one file, two tables.

    vectors (model, key, dim, vec)   key: blake2b-128 of the text; vec: float32 bytes
                                     (also the pair model's probabilities: model
                                     "pair:NAME:FINGERPRINT", key: blake2b-128 of the pair)
    claims  (splitter, key, claims)  key: blake2b-128 of "article id NUL article text";
                                     claims: a JSON list of Claim.claim_dict()

Embeddings are read and written by :class:`~factcheck.embed.CachedEmbedder`, pair
probabilities by :class:`~factcheck.relations.pair_model.CachedPairModel`, split claims by
the pipeline's split stage (:func:`~factcheck.pipeline.split`); all go through
:class:`Cache`, the only place with the SQL. Several processes may write at once (WAL
journal, ``INSERT OR IGNORE`` in one transaction per call, a busy timeout): a row is computed
once per key, ever.

A cache can never stop a run. The file carries its layout version (``PRAGMA user_version``,
:data:`SCHEMA_VERSION`), and whatever goes wrong with it gives one :class:`CacheWarning` and
the run goes on as with no cache, with the same output:

- a file that is not an SQLite database, or a damaged one (E501): moved aside to
  ``NAME.corrupt-<time>`` (named in the warning), and a new cache is built in its place;
- a cache that is locked past the busy timeout, read-only, unwritable, or on a full disk
  (E502): not used for the rest of the run;
- a cache written by another version, with another layout (E503): left as it is and not used.

A row that does not decode (a vector of the wrong size, claims that are not valid JSON) is
treated as missing, deleted and computed again.

Example:
    >>> import tempfile, pathlib
    >>> from factcheck.types import Claim
    >>> cache = Cache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
    >>> claim = Claim(id="a:1", source="a", text="Rain fell.", start=0, end=10, statement="Rain fell.", sentence=0)
    >>> cache.put_claims("claims/5:default", b"k", [claim])
    >>> cache.get_claims("claims/5:default", b"k") == [claim], cache.get_claims("claims/5:default", b"x")
    (True, None)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from .errors import MESSAGES
from .types import Article, Claim

__all__ = [
    "BUSY_TIMEOUT_S",
    "SCHEMA_VERSION",
    "Cache",
    "CacheWarning",
    "article_key",
    "default_cache_path",
    "open_cache",
    "text_key",
]

#: The layout of the file, kept in ``PRAGMA user_version``. A file of another version is not
#: read (E503). 0 is a file made before versions were kept: it is adopted if its tables match.
SCHEMA_VERSION = 1

#: Seconds an operation waits for another process's lock before the cache is given up (E502).
BUSY_TIMEOUT_S = 30.0

_TABLES = {
    "vectors": ("model", "key", "dim", "vec"),
    "claims": ("splitter", "key", "claims"),
}
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))",
    "CREATE TABLE IF NOT EXISTS claims (splitter TEXT, key BLOB, claims TEXT, PRIMARY KEY (splitter, key))",
)

#: Keys per ``SELECT ... IN (...)``, well under SQLite's limit on bound parameters.
_SELECT_BATCH = 500

#: SQLite's answers for a file that is not a database, or is damaged.
_CORRUPT = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}
#: ... and for a lock held by another connection.
_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}

T = TypeVar("T")


class CacheWarning(UserWarning):
    """The cache could not be used as it was; the run went on (the message says how)."""


class _OtherVersion(Exception):
    """The file is an SQLite database of another layout."""


def text_key(text: str) -> bytes:
    """The ``vectors`` key of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def article_key(article: Article) -> bytes:
    """The ``claims`` key of an article: its id and text."""
    return hashlib.blake2b(f"{article.id}\x00{article.text}".encode(), digest_size=16).digest()


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/factcheck/embeddings.sqlite`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck" / "embeddings.sqlite"


def open_cache(path: Path, timeout: float | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the cache database, ready for concurrent writers.

    Raises:
        sqlite3.Error: the file is not a usable database (damaged, locked, read-only).
        OSError: its folder cannot be made.
        _OtherVersion: the file has another layout (:data:`SCHEMA_VERSION`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = BUSY_TIMEOUT_S if timeout is None else timeout
    db = sqlite3.connect(path, timeout=wait, isolation_level=None, check_same_thread=False)
    try:
        # Switching a new file to WAL can report "locked" at once when two processes race to do
        # it (the busy timeout does not cover it): retry for a while, for a lock only.
        deadline = time.monotonic() + max(wait, 1.0)
        while True:
            try:
                _prepare(db)
                return db
            except sqlite3.OperationalError as exc:
                if _errorname(exc) not in _BUSY or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    except BaseException:
        db.close()
        raise


def _prepare(db: sqlite3.Connection) -> None:
    """Check the file's version and tables; make them in a new file."""
    version = db.execute("PRAGMA user_version").fetchone()[0]  # reads the header: NOTADB here
    if version not in (0, SCHEMA_VERSION):
        raise _OtherVersion(f"layout version {version}, this version reads {SCHEMA_VERSION}")
    found = {
        name: tuple(row[1] for row in db.execute(f"PRAGMA table_info({name})"))
        for name in _TABLES
    }
    for name, cols in found.items():
        if cols and cols != _TABLES[name]:
            raise _OtherVersion(f"table {name} has columns {', '.join(cols)}")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    if version != SCHEMA_VERSION or not all(found.values()):
        for statement in _SCHEMA:
            db.execute(statement)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _errorname(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


class Cache:
    """The cache file, opened on first use: get and put embeddings and split claims.

    Nothing here raises for a cache that cannot be used: it warns once (:class:`CacheWarning`)
    and from then on every get finds nothing and every put is dropped.

    Args:
        path: the SQLite file (created with its folder); default :func:`default_cache_path`.
        timeout: seconds to wait for another process's lock (default :data:`BUSY_TIMEOUT_S`).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.timeout = timeout
        self._db: sqlite3.Connection | None = None
        #: Why the cache is not used (the warning's text), once it was given up.
        self.disabled: str | None = None

    def connection(self) -> sqlite3.Connection:
        """The open database (opened, and the tables created, on first call).

        Unlike the get and put methods this raises when the file cannot be used.
        """
        if self._db is None:
            self._db = open_cache(self.path, self.timeout)
        return self._db

    # -- faults --------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        """The database, or None once the cache was given up (warning once)."""
        if self._db is not None or self.disabled is not None:
            return self._db
        try:
            return self.connection()
        except _OtherVersion as exc:
            self._give_up("E503", found=str(exc))
        except sqlite3.DatabaseError as exc:
            if _errorname(exc) in _CORRUPT or type(exc) is sqlite3.DatabaseError:
                moved = self._move_aside()
                if moved is None:
                    self._give_up("E502", reason=f"{_reason(exc)}, and it cannot be moved aside")
                    return None
                self._warn("E501", reason=_reason(exc), moved=str(moved))
                try:
                    return self.connection()
                except (sqlite3.Error, OSError, _OtherVersion) as again:
                    self._give_up("E502", reason=_reason(again))
            else:
                self._give_up("E502", reason=_reason(exc))
        except (sqlite3.Error, OSError) as exc:
            self._give_up("E502", reason=_reason(exc))
        return None

    def _run(self, op: Callable[[sqlite3.Connection], T], default: T) -> T:
        """``op(db)``, or ``default`` when the cache cannot be used (then given up, with a warning)."""
        db = self._open()
        if db is None:
            return default
        try:
            return op(db)
        except sqlite3.Error as exc:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            corrupt = _errorname(exc) in _CORRUPT or type(exc) is sqlite3.DatabaseError
            moved = self._move_aside() if corrupt else None
            tail = f"; it was moved to {str(moved)!r}" if moved is not None else ""
            self._give_up("E502", reason=_reason(exc) + tail)
            return default

    def _move_aside(self) -> Path | None:
        """Rename a damaged file (and drop its journal files); None when that fails."""
        if self._db is not None:
            self._db.close()
            self._db = None
        target = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        return target

    def _give_up(self, code: str, **fields: str) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self.disabled = f"[{code}] " + MESSAGES[code].format(path=str(self.path), **fields)
        warnings.warn(self.disabled, CacheWarning, stacklevel=5)

    def _warn(self, code: str, **fields: str) -> None:
        message = f"[{code}] " + MESSAGES[code].format(path=str(self.path), **fields)
        warnings.warn(message, CacheWarning, stacklevel=5)

    # -- vectors -------------------------------------------------------------------------------

    def get_vectors(self, model: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors of ``model`` among ``keys`` (distinct :func:`text_key` values)."""

        def op(db: sqlite3.Connection) -> dict[bytes, np.ndarray]:
            found: dict[bytes, np.ndarray] = {}
            bad: list[bytes] = []
            for lo in range(0, len(keys), _SELECT_BATCH):
                chunk = keys[lo : lo + _SELECT_BATCH]
                rows = db.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                    [model, *chunk],
                ).fetchall()
                for k, dim, v in rows:
                    if isinstance(v, bytes) and isinstance(dim, int) and dim > 0 and len(v) == 4 * dim:
                        found[k] = np.frombuffer(v, dtype=np.float32)
                    else:
                        bad.append(k)
            dims = {v.shape[0] for v in found.values()}
            if len(dims) > 1:  # rows of one model disagree: trust none of them
                bad += list(found)
                found = {}
            if bad:
                db.executemany("DELETE FROM vectors WHERE model = ? AND key = ?", [(model, k) for k in bad])
            return found

        return self._run(op, {})

    def put_vectors(self, model: str, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store one row of ``vectors`` per key (a key already there keeps its vector)."""
        rows = [
            (model, k, vectors.shape[1], vectors[n].astype(np.float32).tobytes()) for n, k in enumerate(keys)
        ]
        self._run(
            lambda db: _write(db, "INSERT OR IGNORE INTO vectors (model, key, dim, vec) VALUES (?, ?, ?, ?)", rows),
            None,
        )

    def rows(
        self,
        model: str,
        keys: Sequence[bytes],
        compute: Callable[[list[bytes]], np.ndarray],
        *,
        dim: int | None = None,
    ) -> tuple[np.ndarray, int, int]:
        """One row per key (keys may repeat): from the cache where it has the key, else from
        ``compute(missing keys)``, which are then stored. A cached row of another size than
        ``dim`` (when given) counts as missing. Returns the rows, the hits and the misses,
        counted over distinct keys."""
        unique = list(dict.fromkeys(keys))
        found = self.get_vectors(model, unique)
        if dim is not None:
            found = {k: v for k, v in found.items() if v.shape == (dim,)}
        missing = [k for k in unique if k not in found]
        if missing:
            computed = compute(missing)
            self.put_vectors(model, missing, computed)
            found.update(zip(missing, computed.astype(np.float32), strict=True))
        return np.stack([found[k] for k in keys]), len(unique) - len(missing), len(missing)

    # -- claims --------------------------------------------------------------------------------

    def get_claims(self, splitter: str, key: bytes) -> list[Claim] | None:
        """The claims split from an article (:func:`article_key`) by ``splitter``, if cached."""

        def op(db: sqlite3.Connection) -> list[Claim] | None:
            row = db.execute("SELECT claims FROM claims WHERE splitter = ? AND key = ?", (splitter, key)).fetchone()
            if row is None:
                return None
            try:
                return [Claim.from_dict(c) for c in json.loads(row[0])]
            except (ValueError, TypeError, KeyError, AttributeError):
                db.execute("DELETE FROM claims WHERE splitter = ? AND key = ?", (splitter, key))
                return None

        return self._run(op, None)

    def put_claims(self, splitter: str, key: bytes, claims: Sequence[Claim]) -> None:
        """Store an article's claims (an article already there keeps its claims)."""
        row = (splitter, key, json.dumps([c.claim_dict() for c in claims]))
        self._run(
            lambda db: _write(db, "INSERT OR IGNORE INTO claims (splitter, key, claims) VALUES (?, ?, ?)", [row]),
            None,
        )


def _write(db: sqlite3.Connection, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert ``rows`` in one transaction (all of them or none; also when a signal or a
    ``--timeout`` interrupts it: no transaction is left open to block the next write)."""
    try:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(sql, rows)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
