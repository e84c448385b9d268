"""A per-user cache of compiled rulebooks and of the vocabulary, so that ``rulekit ask`` in a shell loop
does not re-parse YAML or import pydantic each time.

An entry records the SHA-1 of every file it was built from; it is used only while all of them are
unchanged, and only by the same rulekit code (a fingerprint of the package's own files). Invalid rulebooks
are never cached. ``RULEKIT_CACHE_DIR`` moves the cache; ``RULEKIT_NO_CACHE=1`` turns it off. The cache is
an optimisation only: any failure to read or write it is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

__all__ = ["lookup", "store", "digest"]


def _directory() -> Path | None:
    if os.environ.get("RULEKIT_NO_CACHE"):
        return None
    base = os.environ.get("RULEKIT_CACHE_DIR")
    if base:
        return Path(base)
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "rulekit"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Changes whenever rulekit's own code or vocabulary changes (size and mtime of its files)."""
    h = hashlib.sha1()
    package = Path(__file__).resolve().parent.parent  # rulekit/, all subpackages
    for path in sorted(package.rglob("*.py")) + sorted(package.rglob("vocabulary.yaml")):
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _entry_path(kind: str, key: Path) -> Path | None:
    directory = _directory()
    if directory is None:
        return None
    name = hashlib.sha1(f"{kind}:{key}:{_code_fingerprint()}".encode()).hexdigest()[:24]
    return directory / f"{kind}-{name}.pickle"


def lookup(kind: str, key: Path) -> Any | None:
    """The cached value for ``key``, if every file it was built from is unchanged."""
    path = _entry_path(kind, key)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            entry = pickle.load(fh)
        for dep, sha in entry["deps"].items():
            if digest(Path(dep)) != sha:
                return None
        return entry["value"]
    except Exception:  # noqa: BLE001 - a broken cache entry is a miss, never an error
        return None


def store(kind: str, key: Path, deps: Iterable[Path], value: Any) -> None:
    path = _entry_path(kind, key)
    if path is None:
        return
    try:
        entry = {"deps": {str(Path(d).resolve()): digest(Path(d)) for d in deps}, "value": value}
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - caching is best effort
        return
