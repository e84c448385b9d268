"""Reading YAML with source locations.

``load_yaml(path)`` returns plain Python data plus a ``Locations`` index mapping each node's path
(a tuple of keys and indexes) to its 1-based line and column. Duplicate keys, recursive aliases,
very deep nesting, alias bombs and oversized files are rejected with a located ``RulebookError``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, RulebookError

__all__ = ["Locations", "load_yaml", "read_limited", "MAX_BYTES"]

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Locations:
    """Where each node of a YAML document stands in its file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._value: dict[tuple, tuple[int, int]] = {}
        self._key: dict[tuple, tuple[int, int]] = {}

    def record(self, path: tuple, mark: Any, *, key_mark: Any = None) -> None:
        self._value[path] = (mark.line + 1, mark.column + 1)
        if key_mark is not None:
            self._key[path] = (key_mark.line + 1, key_mark.column + 1)

    def of(self, path: tuple, *, key: bool = False) -> tuple[int | None, int | None]:
        """The location of ``path`` or of its nearest recorded ancestor."""
        path = tuple(path)
        while True:
            if key and path in self._key:
                return self._key[path]
            if path in self._value:
                return self._value[path]
            if not path:
                return None, None
            path = path[:-1]

    def problem(self, path: tuple, message: str, *, help: str | None = None, key: bool = False) -> Problem:
        line, column = self.of(path, key=key)
        return Problem(self.file, line, column, message, path=format_path(path), help=help)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``MAX_BYTES``). Raises ``OSError``, or
    ``ValueError`` with the reason for a directory, a FIFO or device (never opened for reading: a FIFO would
    block, /dev/zero never ends) or a file over the limit (only the limit is read)."""
    if limit is None:
        setting = os.environ.get("RULEKIT_MAX_FILE_BYTES", "")
        limit = int(setting) if setting.isdigit() else MAX_BYTES
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ValueError("is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("is not a regular file (a FIFO, socket or device)")
        if st.st_size > limit:
            raise ValueError(f"file is too large ({st.st_size} bytes; the limit is {limit}, RULEKIT_MAX_FILE_BYTES)")
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"file is too large (over {limit} bytes; the limit is RULEKIT_MAX_FILE_BYTES)")
    return raw


def load_yaml(path: Path, *, display: str | None = None) -> tuple[Any, Locations]:
    """Load one YAML file; raise ``RulebookError`` with a located problem when it is not readable."""
    display = display or str(path)
    try:
        raw = read_limited(path)
    except FileNotFoundError:
        raise RulebookError([Problem(display, None, None, "file not found")]) from None
    except OSError as exc:
        raise RulebookError([Problem(display, None, None, f"cannot read file: {exc.strerror or exc}")]) from None
    except ValueError as exc:
        raise RulebookError([Problem(display, None, None, str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulebookError([Problem(display, None, None, f"not UTF-8 text (byte {exc.start})")]) from None
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Any, Locations]:
    locations = Locations(display)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = (exc.problem or exc.context or "malformed YAML").strip()
        raise RulebookError([Problem(display, line, column, f"malformed YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
        where = f" (character {exc.position + 1})" if isinstance(getattr(exc, "position", None), int) and mark is None else ""
        raise RulebookError([Problem(display, line, column, f"malformed YAML: {reason}{where}")]) from None
    if node is None:
        return None, locations
    builder = _Builder(locations)
    return builder.build(node, (), 0, None), locations


class _Builder:
    def __init__(self, locations: Locations, limit: int | None = None) -> None:
        self.limit = limit or MAX_NODES
        self.locations = locations
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: Any, message: str, path: tuple) -> RulebookError:
        mark = node.start_mark
        return RulebookError([Problem(self.locations.file, mark.line + 1, mark.column + 1, message, path=format_path(path))])

    def scalar(self, node: Any, path: tuple) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise self.fail(node, f"unreadable value: {problem}", path) from None

    def build(self, node: Any, path: tuple, depth: int, key_mark: Any) -> Any:
        self.count += 1
        if self.count > self.limit:
            raise self.fail(node, f"document is too large or expands aliases too far (over {self.limit} nodes)", path)
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting is deeper than {MAX_DEPTH} levels", path)
        self.locations.record(path, node.start_mark, key_mark=key_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise self.fail(node, "recursive alias", path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, path + (i,), depth + 1, None) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                result: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise self.fail(key_node, "mapping keys must be plain scalars", path)
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        raise self.fail(key_node, "merge keys (`<<`) are not supported", path)
                    key = self.scalar(key_node, path)
                    if not isinstance(key, (str, int, bool)):
                        key = str(key)
                    if key in result:
                        raise self.fail(key_node, f"duplicate key `{key}`", path + (key,))
                    result[key] = self.build(value_node, path + (key,), depth + 1, key_node.start_mark)
                return result
        finally:
            self.active.discard(id(node))
        raise self.fail(node, "unsupported YAML node", path)  # pragma: no cover
