"""Finding rulebooks: ids, Chinese names, aliases and paths, on a search path. Light: no YAML parser, no pydantic.

The search path is, in order: the folders given with ``--rulebook-path`` (``set_search_path``), the folders of
the ``RULEKIT_PATH`` environment variable (separated by ``os.pathsep``, ``:`` on Unix), then the built-in
rulebooks. Each folder on it is either a rulebook folder itself (it holds a ``rulebook.yaml``) or a folder of
rulebook folders (like ``rulebooks/``). A rulebook is reachable by its id, its ``name``, each of its
``aliases`` and an unambiguous prefix of these (依安 for 依安县人民政府工作规则). A name that two different folders
claim is an error naming both: nothing is ever shadowed quietly.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG

from .._frozen import frozen
from ..errors import InputError, did_you_mean

__all__ = [
    "ENV", "Found", "available", "available_ids", "builtin_dir", "builtin_ids", "resolve", "search_path",
    "set_search_path",
]

ENV = "RULEKIT_PATH"
_explicit: list[Path] = []  # from --rulebook-path


@frozen
class Found:
    """One rulebook on the search path: its id, folder, where it was found, and the names it answers to."""

    id: str
    folder: Path
    origin: str  # "--rulebook-path", "RULEKIT_PATH" or "built-in"
    names: tuple[str, ...]

    @property
    def file(self) -> Path:
        return self.folder / "rulebook.yaml"

    def where(self) -> str:
        return f"{self.folder} ({self.origin})"


def builtin_dir() -> Path:
    """The built-in rulebooks: inside the installed package, or the repository's ``rulebooks/``."""
    package = Path(__file__).resolve().parent.parent  # rulekit/
    packaged = package / "rulebooks"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "rulebooks"


def builtin_ids() -> list[str]:
    root = builtin_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "rulebook.yaml").is_file())


def set_search_path(folders: list[str | Path]) -> None:
    """Folders searched before ``RULEKIT_PATH`` and the built-ins (the CLI's ``--rulebook-path``).

    Raise ``InputError`` for a folder that does not exist: a path given by hand is never skipped quietly."""
    paths = [Path(f) for f in folders]
    for p in paths:
        if not p.is_dir():
            raise InputError(f"--rulebook-path `{p}` is not a directory", item=str(p))
    _explicit[:] = paths


def _env_path() -> list[Path]:
    raw = os.environ.get(ENV, "")
    return [Path(part) for part in raw.split(os.pathsep) if part.strip()]


def search_path() -> list[tuple[Path, str]]:
    """The folders searched, in order, each with where it comes from."""
    return ([(p, "--rulebook-path") for p in _explicit] + [(p, ENV) for p in _env_path()]
            + [(builtin_dir(), "built-in")])


def _folders(root: Path) -> list[Path]:
    """The rulebook folders in ``root``: ``root`` itself when it holds a rulebook.yaml, else its sub-folders that do."""
    if (root / "rulebook.yaml").is_file():
        return [root]
    try:
        children = sorted(root.iterdir())
    except OSError:  # missing or unreadable: reported when a name is not found
        return []
    return [p for p in children if p.is_dir() and (p / "rulebook.yaml").is_file()]


_HEADERS: dict[tuple[Path, int, int], tuple[str | None, list[str]]] = {}


def _header(path: Path) -> tuple[str | None, list[str]]:
    """The ``id`` and the names (``name``, ``aliases``) from the top of a rulebook.yaml, without a YAML parser."""
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):  # a FIFO would block, a device never end
            return None, []
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key in _HEADERS:
            return _HEADERS[key]
        with path.open(encoding="utf-8", errors="replace") as fh:
            lines = [fh.readline() for _ in range(80)]
    except OSError:
        return None, []
    rb_id: str | None = None
    names: list[str] = []
    in_aliases = False
    for raw in lines:
        line = raw.rstrip("\n")
        if in_aliases and line.lstrip().startswith("- "):
            names.append(_scalar(line.lstrip()[2:]))
            continue
        in_aliases = False
        if not line or line[0] in " \t#":
            continue
        key_, _, value = line.partition(":")
        value = value.split(" #", 1)[0].strip()
        if key_ == "id":
            rb_id = _scalar(value) or None
        elif key_ == "name":
            names.append(_scalar(value))
        elif key_ == "aliases":
            if value:
                names += [_scalar(part) for part in value.strip("[]").split(",")]
            else:
                in_aliases = True
    result = (rb_id, [n for n in names if n])
    _HEADERS[key] = result
    return result


def _scalar(text: str) -> str:
    return text.strip().strip("'\"").strip()


def _builtin_names() -> dict[str, str]:
    """The vocabulary's Chinese names of the built-in rulebooks (依安县人民政府工作规则 → yian)."""
    from .vocabulary import vocabulary

    return {rb.zh.split(" ")[0]: rb.id for rb in vocabulary().rulebooks.values()}


def _scan() -> list[Found]:
    """Every rulebook on the search path, in search order; a folder reached twice counts once."""
    seen: set[Path] = set()
    found: list[Found] = []
    builtin_names: dict[str, str] | None = None
    for root, origin in search_path():
        for folder in _folders(root):
            real = folder.resolve()
            if real in seen:
                continue
            seen.add(real)
            rb_id, names = _header(folder / "rulebook.yaml")
            rb_id = rb_id or folder.name
            if origin == "built-in":
                if builtin_names is None:
                    builtin_names = _builtin_names()
                names += [zh for zh, i in builtin_names.items() if i == rb_id]
            all_names = tuple(dict.fromkeys([rb_id, *([folder.name] if folder.name != rb_id else []), *names]))
            found.append(Found(rb_id, folder, origin, all_names))
    return found


def _twice(name: str, hits: list[Found]) -> InputError:
    places = " and ".join(f"`{h.where()}`" for h in hits)
    times = "twice" if len(hits) == 2 else f"{len(hits)} times"
    return InputError(f"rulebook `{name}` is found {times}: {places}", item=name,
                      help="rename one (its `id`, `name` or `aliases`) or take its folder off the search path")


def available() -> list[Found]:
    """Every rulebook reachable by name, in search order. Raise ``InputError`` when two folders share an id."""
    found = _scan()
    by_id: dict[str, list[Found]] = {}
    for f in found:
        by_id.setdefault(f.id, []).append(f)
    for rb_id, hits in by_id.items():
        if len(hits) > 1:
            raise _twice(rb_id, hits)
    return found


def available_ids() -> list[str]:
    """The ids of every reachable rulebook: those on ``--rulebook-path`` and ``RULEKIT_PATH`` first, then the built-ins."""
    return [f.id for f in available()]


def _looks_like_path(text: str) -> bool:
    path = Path(text)
    return path.suffix in (".yaml", ".yml") or "/" in text or "\\" in text or text in (".", "..")


def _by_path(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        if not (path / "rulebook.yaml").is_file():
            raise InputError(f"directory `{text}` has no rulebook.yaml", item=text)
        path = path / "rulebook.yaml"
    if not path.exists():
        raise InputError(f"rulebook file `{text}` not found", item=text)
    return path


def resolve(name: str | Path) -> Path:
    """The ``rulebook.yaml`` for a rulebook id, a name or alias, an unambiguous prefix of one, a folder or a file.

    Raise ``InputError`` for an unknown name (with "did you mean") and for a name two folders claim."""
    text = str(name).strip()
    if isinstance(name, Path) or _looks_like_path(text):
        return _by_path(text)
    found = _scan()
    exact = [f for f in found if text in f.names]
    if len(exact) == 1:
        return exact[0].file
    if len(exact) > 1:
        raise _twice(text, exact)
    if Path(text).exists():  # a folder or file in the working directory
        return _by_path(text)
    if len(text) >= 2:  # 依安 for 依安县人民政府工作规则
        prefixed = [f for f in found if any(n.startswith(text) for n in f.names)]
        if len(prefixed) == 1:
            return prefixed[0].file
        if len(prefixed) > 1:
            listed = ", ".join(f"`{f.id}` ({f.where()})" for f in prefixed)
            raise InputError(f"rulebook `{text}` is ambiguous: it begins the names of {listed}", item=text)
    extra = [(p, origin) for p, origin in search_path() if origin != "built-in"]
    searched = ""
    if extra:
        shown = ", ".join(f"{p} ({origin}{'' if p.is_dir() else ', not a directory'})" for p, origin in extra)
        searched = f" (searched {shown}, then the built-ins)"
    hint = did_you_mean(text, [n for f in found for n in f.names], accepted="rulebooks")
    if not hint.startswith("did you mean"):
        hint = did_you_mean(text, [f.id for f in found], accepted="rulebooks")
    raise InputError(f"unknown rulebook `{text}`{searched}", item=text, help=hint)
