"""The rulebooks a service answers from: compiled once at start, found by id, Chinese name or alias only.

A request never names a path: what is served is fixed when the service starts (``rulekit serve [RULEBOOK]...``).
``reload_changed`` (for ``--watch``) swaps a changed rulebook in atomically: the new version is read, validated and
compiled aside, and only a valid one replaces the old; a broken edit is refused, the old version keeps serving,
and the problems are kept for ``/healthz`` and the log. Each rulebook carries the digest of its files, so a
decision can be traced to the exact text and rules that made it."""

from __future__ import annotations

import datetime
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..engine.rulebook import Rulebook, load
from ..errors import InputError, RulebookError, RulekitError, did_you_mean

__all__ = ["Loader", "Registry", "Served", "View", "digest_files"]


def _files(rulebook_yaml: Path) -> list[Path]:
    """The files a rulebook's decisions depend on: rulebook.yaml, source.yaml and the texts beside them."""
    folder = rulebook_yaml.parent
    found = [rulebook_yaml]
    for extra in sorted(folder.glob("source.yaml")) + sorted(folder.glob("*.txt")):
        if extra.is_file():
            found.append(extra)
    return found


def digest_files(rulebook_yaml: Path) -> str:
    """``sha256:<hex>`` over the names and contents of the rulebook's files (see ``_files``)."""
    h = hashlib.sha256()
    for path in _files(rulebook_yaml):
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0missing\0")
        h.update(b"\0")
    return "sha256:" + h.hexdigest()


def _stamp(rulebook_yaml: Path) -> tuple:
    """Cheap change detection for ``--watch``: the size and mtime of each file."""
    out = []
    for path in _files(rulebook_yaml):
        try:
            st = path.stat()
            out.append((path.name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((path.name, None, None))
    return tuple(out)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Served:
    """One rulebook as served: the compiled rulebook, where it came from, and the digest of its files."""

    book: Rulebook
    path: Path
    digest: str
    loaded_at: str
    stamp: tuple = field(compare=False, default=())

    @property
    def id(self) -> str:
        return self.book.id


def _load(target: str | Path) -> Served:
    from ..engine.locate import resolve

    path = resolve(target).resolve()
    for _ in range(3):  # a file may change while it is read: the digest must be of what was compiled
        before = digest_files(path)
        stamp = _stamp(path)
        book = load(path)
        if digest_files(path) == before:
            return Served(book, path, before, _now(), stamp)
    raise RulebookError([])  # pragma: no cover - files rewritten continuously


class View:
    """One consistent set of served rulebooks (a snapshot): ``get`` finds one by id, name or alias."""

    def __init__(self, books: dict[str, Served]) -> None:
        self.books = books
        self.names = _index(books)

    def get(self, name: Any) -> Served:
        """The served rulebook for an id, Chinese name, alias, or an unambiguous beginning of a name (依安)."""
        if not isinstance(name, str) or not name.strip():
            raise InputError("`rulebook` is a rulebook id or name", item=str(name))
        text = name.strip()
        rb_id = self.names.get(text)
        if rb_id is None and len(text) >= 2:
            starts = {v for k, v in self.names.items() if k.startswith(text)}
            if len(starts) == 1:
                rb_id = starts.pop()
        if rb_id is None:
            raise InputError(f"unknown rulebook `{text}`", item=text,
                             help=did_you_mean(text, list(self.books), accepted="served rulebooks"))
        return self.books[rb_id]


def _index(books: dict[str, Served]) -> dict[str, str]:
    from ..engine.vocabulary import vocabulary

    names: dict[str, str] = {}
    for rb_id, served in books.items():
        c = served.book.compiled
        for name in (rb_id, c.name, *c.aliases):
            names.setdefault(name, rb_id)
        entry = vocabulary().rulebooks.get(rb_id)
        if entry is not None:
            names.setdefault(entry.zh.split(" ")[0], rb_id)
    return names


class Registry:
    """The served rulebooks by id, with the names that reach them. Reads take the current snapshot (a dict that
    is replaced whole, never changed in place), so a request sees one consistent set of rulebooks."""

    def __init__(self, targets: Iterable[str | Path]) -> None:
        self._lock = threading.Lock()
        self.targets = list(targets)
        books: dict[str, Served] = {}
        for target in self.targets:
            served = _load(target)  # an invalid rulebook at start is an error: the service does not start
            if served.id in books and books[served.id].path != served.path:
                raise InputError(f"two rulebooks have the id `{served.id}`: {books[served.id].path} and {served.path}",
                                 item=served.id)
            books[served.id] = served
        self._view = View(books)  # replaced whole: readers see the old or the new set, never a mix
        self.errors: dict[str, dict[str, Any]] = {}  # rulebook id -> the last refused reload
        self.generation = 0

    @property
    def books(self) -> dict[str, Served]:
        return self._view.books

    def view(self) -> View:
        """The current set of rulebooks; a request takes it once and answers from it throughout."""
        return self._view

    def get(self, name: Any) -> Served:
        return self._view.get(name)

    # -- --watch --------------------------------------------------------------------------------

    def reload_changed(self) -> list[str]:
        """Reload every rulebook whose files changed; return log lines. Never raises for a broken rulebook."""
        messages: list[str] = []
        with self._lock:
            books = dict(self._view.books)
            changed = False
            for rb_id, served in self._view.books.items():
                stamp = _stamp(served.path)
                if stamp == served.stamp:
                    continue
                if digest_files(served.path) == served.digest:  # touched, not changed
                    books[rb_id] = Served(served.book, served.path, served.digest, served.loaded_at, stamp)
                    changed = True
                    continue
                try:
                    fresh = _load(served.path)
                except RulekitError as exc:
                    problems = [p.render() for p in getattr(exc, "problems", [])] or [exc.render()]
                    self.errors[rb_id] = {"rulebook": rb_id, "at": _now(), "refused_digest": digest_files(served.path),
                                          "problems": problems}
                    # remember the stamp so that the same broken edit is reported once
                    books[rb_id] = Served(served.book, served.path, served.digest, served.loaded_at, stamp)
                    changed = True
                    messages.append(f"rulekit: refused the edit of `{rb_id}` ({served.path}); still serving "
                                    f"{served.digest}: " + "; ".join(problems))
                    continue
                if fresh.id != rb_id:
                    self.errors[rb_id] = {"rulebook": rb_id, "at": _now(), "refused_digest": fresh.digest,
                                          "problems": [f"the edit changes the id to `{fresh.id}`"]}
                    books[rb_id] = Served(served.book, served.path, served.digest, served.loaded_at, stamp)
                    changed = True
                    messages.append(f"rulekit: refused the edit of `{rb_id}`: it changes the id to `{fresh.id}`")
                    continue
                books[rb_id] = fresh
                self.errors.pop(rb_id, None)
                changed = True
                messages.append(f"rulekit: reloaded `{rb_id}` ({served.digest} -> {fresh.digest})")
            if changed:
                self._view = View(books)
                self.generation += 1
        return messages


class Loader:
    """Rulebooks for ``rulekit ask --batch``: any id, name or path the CLI accepts, each loaded once (a failure
    too is remembered and given again for every line that names it)."""

    def __init__(self) -> None:
        self._found: dict[str, Served | RulekitError] = {}

    def get(self, name: Any) -> Served:
        if not isinstance(name, str) or not name.strip():
            raise InputError("`rulebook` is a rulebook id, name or path", item=str(name))
        key = name.strip()
        found = self._found.get(key)
        if found is None:
            try:
                found = _load(key)
            except RulekitError as exc:
                found = exc
            self._found[key] = found
        if isinstance(found, RulekitError):
            raise found
        return found
