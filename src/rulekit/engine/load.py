"""Stage 1, load: find a rulebook by id, Chinese name or path, and read its files into models.

Only the shape of the files is checked here (YAML syntax, duplicate keys, pydantic schema); what
needs the vocabulary or the source text is checked by ``validate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, RulebookError, did_you_mean
from .locate import builtin_dir, builtin_ids, resolve
from .model import RulebookSpec, SourceSpec
from .parse import Locations, load_yaml
from .vocabulary import LOCAL_FILE, VOCABULARY_PATH

__all__ = ["Loaded", "builtin_dir", "builtin_ids", "resolve", "read"]



@dataclass
class Loaded:
    """The files of one rulebook, read and shape-checked."""

    path: Path
    spec: RulebookSpec
    locations: Locations
    source: SourceSpec | None
    source_path: Path | None
    source_locations: Locations | None
    text: str | None  # the cleaned source text
    seed: str | None
    local_vocabulary: tuple[Any, Locations] | None = None  # the rulebook's own vocabulary.yaml: data, locations
    local_vocabulary_path: Path | None = None
    vocabulary: Any = None  # the shared vocabulary extended with the local one (set by ``validate.check``)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _model(model: type, data: Any, locations: Locations) -> Any:
    if not isinstance(data, dict):
        raise RulebookError([locations.problem((), "expected a mapping at the top of the file")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RulebookError([_problem(err, model, locations) for err in exc.errors()[:20]]) from None


def _problem(err: dict, model: type, locations: Locations) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        fields = _fields_at(model, loc[:-1])
        return locations.problem(loc, f"unknown key `{key}`", key=True,
                                 help=did_you_mean(str(key), fields, accepted="allowed keys") if fields else None)
    if kind == "missing":
        return locations.problem(loc[:-1], f"missing key `{loc[-1]}`")
    got = err.get("input")
    shown = f" (got `{got}`)" if isinstance(got, (str, int, float, bool)) else ""
    return locations.problem(loc, err["msg"].lower().rstrip(".") + shown)


def _fields_at(model: type, loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (best effort, for "did you mean")."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = None
        for arg in (annotation, *typing.get_args(annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if hasattr(inner, "model_fields"):
                    current = inner
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def read(name: str | Path) -> Loaded:
    """Read a rulebook's files; raise ``RulebookError`` (located) or ``InputError`` (unknown name)."""
    path = resolve(name)
    data, locations = load_yaml(path, display=_display(path))
    spec = _model(RulebookSpec, data, locations)
    source_path = (path.parent / spec.source) if spec.source else None
    source = source_locations = text = seed = None
    if source_path is not None:
        if not source_path.is_file():
            raise RulebookError([locations.problem(("source",), f"source file `{spec.source}` not found")])
        data, source_locations = load_yaml(source_path, display=_display(source_path))
        source = _model(SourceSpec, data, source_locations)
        text = _read_text(source_path.parent / source.text, source_locations, ("text",))
        seed = _read_text(source_path.parent / source.seed, source_locations, ("seed",))
    local = local_path = None
    candidate = path.parent / LOCAL_FILE
    if candidate.is_file() and candidate.resolve() != VOCABULARY_PATH.resolve():
        local_path = candidate
        local = load_yaml(candidate, display=_display(candidate))
    return Loaded(path, spec, locations, source, source_path, source_locations, text, seed, local, local_path)


def _read_text(path: Path, locations: Locations, where: tuple) -> str:
    from .parse import read_limited

    try:
        return read_limited(path).decode("utf-8")
    except FileNotFoundError:
        raise RulebookError([locations.problem(where, f"file `{path.name}` not found")]) from None
    except OSError as exc:
        raise RulebookError([locations.problem(where, f"cannot read `{path.name}`: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise RulebookError([locations.problem(where, f"cannot read `{path.name}`: not UTF-8 text (byte {exc.start})")]) from None
    except ValueError as exc:
        raise RulebookError([locations.problem(where, f"cannot read `{path.name}`: {exc}")]) from None
