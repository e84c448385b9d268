"""Finding rulebooks: the built-in folder, ids, Chinese names and paths. Light: no YAML parser, no pydantic."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, did_you_mean

__all__ = ["builtin_dir", "builtin_ids", "resolve"]


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


def _aliases() -> dict[str, str]:
    """Chinese names and other aliases of the built-in rulebooks, read cheaply from their headers."""
    from .vocabulary import vocabulary

    names: dict[str, str] = {}
    for rb in vocabulary().rulebooks.values():
        names[rb.zh.split(" ")[0]] = rb.id
    for rb_id in builtin_ids():
        path = builtin_dir() / rb_id / "rulebook.yaml"
        for line in path.read_text(encoding="utf-8").splitlines()[:40]:
            if line.startswith(("name:", "aliases:")):
                value = line.split(":", 1)[1].strip().strip("[]")
                for part in value.split(","):
                    part = part.strip().strip("'\"")
                    if part:
                        names.setdefault(part, rb_id)
    return names


def resolve(name: str | Path) -> Path:
    """The ``rulebook.yaml`` for a rulebook id, a Chinese name, a directory or a file path."""
    text = str(name)
    if text in builtin_ids():
        return builtin_dir() / text / "rulebook.yaml"
    path = Path(text)
    looks_like_path = path.suffix in (".yaml", ".yml") or "/" in text or "\\" in text or path.exists()
    if looks_like_path:
        if path.is_dir():
            if not (path / "rulebook.yaml").is_file():
                raise InputError(f"directory `{text}` has no rulebook.yaml", item=text)
            path = path / "rulebook.yaml"
        if not path.exists():
            raise InputError(f"rulebook file `{text}` not found", item=text)
        return path
    aliases = _aliases()
    if text in aliases:
        return builtin_dir() / aliases[text] / "rulebook.yaml"
    for alias, rb_id in aliases.items():  # 依安 for 依安县人民政府工作规则
        if alias.startswith(text) and len(text) >= 2:
            return builtin_dir() / rb_id / "rulebook.yaml"
    raise InputError(f"unknown rulebook `{text}`", item=text,
                     help=did_you_mean(text, builtin_ids(), accepted="built-in rulebooks"))
