"""Every file a command writes with ``-o``: whole or not at all.

``output(path)`` yields a text stream. For a regular file (or a new one) it is a temporary file beside the
target, flushed to disk and renamed over the target only when the command's work ends without an exception:
a run that fails, crashes or is interrupted never leaves half a file and never replaces a good one. A
special file (``/dev/stdout``, ``/dev/full``, a FIFO) is written in place, since it cannot be renamed over.
``-`` or no path is standard output.

Errors are one line, exit 2 (``InputError`` at the CLI boundary): a missing directory, a directory as the
target, no permission, a full disk.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

from ..errors import InputError

__all__ = ["output", "write_output", "Sink"]


def _error(path: Path, exc: OSError | str) -> InputError:
    why = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    why = why[:1].lower() + why[1:]
    return InputError(f"cannot write `{path}`: {why}", item=str(path))


class Sink:
    """A text stream that turns a failed write into the one-line error naming the output file."""

    def __init__(self, stream: IO[str], path: Path | None) -> None:
        self._stream = stream
        self.path = path
        self.partial = False  # set by an interrupted run: keep what was written as FILE.partial

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            if self.path is None:
                raise
            raise _error(self.path, exc) from None

    def write_bytes(self, data: bytes) -> None:
        """Write UTF-8 bytes: to the binary buffer under a UTF-8 text stream (after what was written as text),
        else decoded, as text."""
        buffer = getattr(self._stream, "buffer", None)
        try:
            if buffer is None or str(self.encoding).replace("-", "").replace("_", "").lower() != "utf8":
                self._stream.write(data.decode("utf-8"))
                return
            self._stream.flush()
            view = memoryview(data)
            while view:  # an unbuffered stdout (python -u) writes part of it when a signal comes
                written = buffer.write(view)
                if written is None:  # a non-blocking stream that is full: wait until it takes more
                    import select

                    select.select([], [self.fileno()], [])
                    continue
                view = view[written:]
        except OSError as exc:
            if self.path is None:
                raise
            raise _error(self.path, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            if self.path is None:
                raise
            raise _error(self.path, exc) from None

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", "utf-8")


def _check_target(path: Path) -> tuple[Path, bool]:
    """(the file to replace, whether it is special) — or the one-line error for a target that cannot be."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _error(path, "it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return path, True
    real = Path(os.path.realpath(path))  # a symlink to a file: replace the file, keep the link
    parent = real.parent
    if not parent.is_dir():
        shown = path.parent if str(path.parent) not in ("", ".") else parent
        raise _error(path, f"no such directory `{shown}`")
    return real, False


@contextlib.contextmanager
def output(path: Path | str | None) -> Iterator[Sink]:
    """A stream for the command's output: stdout, or ``path`` written whole when the block succeeds."""
    if path is None or str(path) == "-":
        yield Sink(sys.stdout, None)
        return
    path = Path(path)
    target, special = _check_target(path)
    if special:
        try:
            stream = open(target, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise _error(path, exc) from None
        sink = Sink(stream, path)
        try:
            yield sink
            sink.flush()
        finally:
            with contextlib.suppress(OSError):  # a failed flush was reported already; close quietly
                stream.close()
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _error(path, exc) from None
    stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        sink = Sink(stream, path)
        yield sink
        try:
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)  # keep the mode of the file it replaces
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask  # as an ordinary new file (mkstemp makes it private)
            os.chmod(tmp, mode)
            os.replace(tmp, target.with_name(target.name + ".partial") if sink.partial else target)
        except OSError as exc:
            raise _error(path, exc) from None
    finally:
        if not stream.closed:
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_output(path: Path | str | None, text: str, *, announce: bool = True) -> None:
    """Write ``text`` to ``path`` whole or not at all (stdout when ``path`` is None), saying where it went."""
    with output(path) as sink:
        sink.write(text)
    if path is not None and str(path) != "-" and announce:
        sys.stderr.write(f"wrote {path}\n")
