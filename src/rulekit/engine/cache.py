"""A per-user cache of compiled rulebooks and of the vocabulary, so that ``rulekit ask`` in a shell loop
does not re-parse YAML or import pydantic each time.

**Data, never code.** An entry is JSON: the compiled rulebook written out field by field, with a small set
of tags for what JSON lacks (tuples, frozensets, fractions, paths, dicts with non-string keys) and, for
the engine's own dataclasses, the name of the class. Loading builds those objects back from a fixed list
of classes (``_classes``); a name not on it makes the entry a miss. Nothing in an entry is ever imported,
called or unpickled, so a planted file can at worst be a miss.

**Only a directory the user alone can write.** Like pip's cache, the directory is used only when it is
owned by the user running rulekit and not writable by group or others, and an entry only when it is a
regular file with the same owner and modes (checked on the opened descriptors, so a swap between the check
and the read does not help). Anything else is ignored with one warning (``CacheWarning``) per process, and
rulekit runs as if the cache were off.

An entry records the SHA-1 of every file it was built from; it is used only while all of them are
unchanged, and only by the same rulekit code (a fingerprint of the package's own files). Invalid rulebooks
are never cached. ``RULEKIT_CACHE_DIR`` moves the cache; ``RULEKIT_NO_CACHE=1`` turns it off. The cache is
an optimisation only: any failure to read or write it is a miss.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import warnings
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

TYPE_CHECKING = False  # typing is imported by type checkers only: `rulekit ask` starts without it
if TYPE_CHECKING:
    from typing import Any, Iterable

from ..errors import CacheWarning

try:  # CPython's own SHA-1: importing hashlib loads OpenSSL and all its algorithms, a few ms of every `rulekit ask`
    from _sha1 import sha1 as _sha1
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import sha1 as _sha1

__all__ = ["lookup", "store", "digest", "encode", "decode", "usable_directory"]

FORMAT = 1  # bumped whenever the encoding changes
_SUFFIX = ".json"


# -- where ------------------------------------------------------------------------------------------
def _directory() -> Path | None:
    if os.environ.get("RULEKIT_NO_CACHE"):
        return None
    base = os.environ.get("RULEKIT_CACHE_DIR")
    if base:
        return Path(base)
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "rulekit"


_warned: set[str] = set()


def _warn(directory: Path, why: str) -> None:
    """One warning per process (the first reason found), then silence."""
    if _warned:
        return
    _warned.add(why)
    warnings.warn(CacheWarning(f"not using the rulekit cache `{directory}`: {why}; "
                               "running without it (fix its owner and modes, or set RULEKIT_CACHE_DIR)"),
                  stacklevel=3)


def _unsafe(st: os.stat_result, what: str) -> str | None:
    """Why a directory or file with this status may not be trusted, or None."""
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is not None and st.st_uid != uid:
        return f"the {what} is owned by uid {st.st_uid}, not by you (uid {uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"the {what} is writable by others (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def _open_directory(create: bool) -> tuple[Path, int] | None:
    """A descriptor on the cache directory if it may be trusted (creating it, mode 0700, when asked)."""
    directory = _directory()
    if directory is None:
        return None
    if create:
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    why = _unsafe(os.fstat(fd), "directory")
    if why is not None:
        os.close(fd)
        _warn(directory, why)
        return None
    return directory, fd


def usable_directory() -> Path | None:
    """The cache directory if it exists and may be trusted (else None, with the one warning)."""
    opened = _open_directory(create=False)
    if opened is None:
        return None
    os.close(opened[1])
    return opened[0]


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Changes whenever rulekit's own code or vocabulary changes (size and mtime of its files)."""
    h = _sha1(f"format {FORMAT};".encode())
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # rulekit/, all subpackages
    code: list[str] = []
    vocabularies: list[str] = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                code.append(os.path.join(folder, name))
            elif name == "vocabulary.yaml":
                vocabularies.append(os.path.join(folder, name))
    for path in sorted(code) + sorted(vocabularies):
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(f"{os.path.relpath(path, package)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def digest(path: Path) -> str | None:
    try:
        return _sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _entry_name(kind: str, key: Path) -> str:
    name = _sha1(f"{kind}:{key}:{_code_fingerprint()}".encode()).hexdigest()[:24]
    return f"{kind}-{name}{_SUFFIX}"


# -- the encoding -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    """The only classes an entry may name: the engine's frozen dataclasses of compiled data."""
    from .compile import AllowInfo, ArticleText, Compiled, GapInfo, JurisdictionInfo, Rule
    from .conditions import Condition, FactRef
    from .vocabulary import FactSpec, QuestionSpec, RoleSpec, RulebookEntry, Vocabulary

    found = [AllowInfo, ArticleText, Compiled, GapInfo, JurisdictionInfo, Rule, Condition, FactRef,
             FactSpec, QuestionSpec, RoleSpec, RulebookEntry, Vocabulary]
    return {cls.__name__: cls for cls in found}


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def _plain(value: Any) -> Any:
    """``value`` as JSON data; TypeError for anything that is not data of a known kind."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [_plain(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$s": [_plain(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _plain(v) for k, v in value.items()}
        return {"$d": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, Fraction):
        return {"$f": [value.numerator, value.denominator]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    cls = type(value)
    if dataclasses.is_dataclass(value) and _classes().get(cls.__name__) is cls:
        return {"$c": cls.__name__, "v": [_plain(getattr(value, name)) for name in _fields(cls)]}
    raise TypeError(f"not cacheable data: {cls.__name__}")


class _Refused(ValueError):
    """An entry that is not data of the expected shape."""


def _hook(obj: dict) -> Any:
    if "$c" in obj:
        cls = _classes().get(obj["$c"])
        values = obj.get("v")
        names = _fields(cls) if cls is not None else ()
        if len(obj) != 2 or not isinstance(values, list) or len(values) != len(names) or not names:
            raise _Refused(f"not an entry of the engine's data: {str(obj['$c'])[:40]}")
        made = object.__new__(cls)  # the frozen dataclass's fields, set as its __init__ would
        made.__dict__.update(zip(names, values))
        return made
    if len(obj) != 1:
        return obj
    tag, value = next(iter(obj.items()))
    if tag[:1] != "$":
        return obj
    if tag == "$t" and isinstance(value, list):
        return tuple(value)
    if tag == "$s" and isinstance(value, list):
        return frozenset(value)
    if tag == "$d" and isinstance(value, list):
        return {k: v for k, v in value}
    if tag == "$f" and isinstance(value, list) and len(value) == 2:
        return Fraction(*value)
    if tag == "$p" and isinstance(value, str):
        return Path(value)
    raise _Refused(f"unknown tag `{tag[:40]}`")


def encode(value: Any) -> bytes:
    """The JSON bytes of compiled data (TypeError for anything else)."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> Any:
    """The objects that ``encode`` wrote; ValueError (or TypeError) for anything that is not such data."""
    return json.loads(data, object_hook=_hook)


# -- lookup and store --------------------------------------------------------------------------------
def lookup(kind: str, key: Path) -> Any | None:
    """The cached value for ``key``, if the directory and entry may be trusted and every file it was
    built from is unchanged; else None."""
    if _directory() is None:
        return None
    opened = _open_directory(create=False)
    if opened is None:
        return None
    directory, dir_fd = opened
    try:
        fd = os.open(_entry_name(kind, key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=dir_fd)
    except (OSError, NotImplementedError):
        os.close(dir_fd)
        return None
    os.close(dir_fd)
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            why = _unsafe(st, "entry")
            if why is not None:
                _warn(directory, why)
                return None
            entry = decode(fh.read())
        if not isinstance(entry, dict) or entry.get("kind") != kind or not isinstance(entry.get("deps"), dict):
            return None
        for dep, sha in entry["deps"].items():
            if digest(Path(dep)) != sha:
                return None
        return entry["value"]
    except Exception:  # noqa: BLE001 - a broken cache entry is a miss, never an error
        return None


def store(kind: str, key: Path, deps: Iterable[Path], value: Any) -> None:
    if _directory() is None:
        return
    try:
        data = encode({"kind": kind, "deps": {str(Path(d).resolve()): digest(Path(d)) for d in deps}, "value": value})
    except (TypeError, ValueError):
        return
    opened = _open_directory(create=True)
    if opened is None:
        return
    directory, dir_fd = opened
    os.close(dir_fd)
    try:
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, directory / _entry_name(kind, key))
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - caching is best effort
        return
