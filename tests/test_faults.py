"""Faults: every file written with -o is whole or absent; a full disk, a missing or read-only directory, a
directory as the target are one-line errors with exit 2; Ctrl-C (and SIGTERM) stop `check` with the records
done so far written whole and a count of those not done. Real processes, real signals, real /dev/full."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from paths import ROOT

SIGNER = {"rulebook": "yian", "question": "document.signer",
          "facts": {"issuer": "government", "form": "request", "recipient": "higher_government"}, "actual": "head"}


def rulekit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "three.jsonl"
    path.write_text("".join(json.dumps(dict(SIGNER, name=f"r{i}"), ensure_ascii=False) + "\n" for i in range(3)),
                    encoding="utf-8")
    return path


# Every command that writes a file with -o, with arguments that make it succeed.
WRITERS = {
    "check junit": lambda rec: ["check", str(rec), "--format", "junit"],
    "check json": lambda rec: ["check", str(rec), "--json"],
    "check table": lambda rec: ["check", str(rec)],
    "test junit": lambda rec: ["test", "yian", "--format", "junit"],
    "diff html": lambda rec: ["diff", "yian", "tuokexun", "-q", "meeting.presider", "--format", "html"],
    "diff json": lambda rec: ["diff", "yian", "tuokexun", "-q", "meeting.presider", "--json"],
    "compare markdown": lambda rec: ["compare", "yian", "tuokexun", "-q", "meeting.presider", "--format", "markdown"],
    "show html": lambda rec: ["show", "yian", "59", "--html"],
}


def _one_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and words in errors[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("writer", WRITERS)
def test_each_writer_writes_its_file_whole(writer: str, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.out"
    result = rulekit(*WRITERS[writer](records), "-o", str(target))
    assert result.returncode in (0, 1), result.stderr
    assert target.stat().st_size > 0 and f"wrote {target}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]  # no temporary file left beside it
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # an ordinary file, not mkstemp's 0600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("writer", ["check junit", "diff html", "show html"])
def test_a_full_disk_is_one_line(writer: str, records: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    _one_error(rulekit(*WRITERS[writer](records), "-o", "/dev/full"), "cannot write `/dev/full`: no space left on device")
    assert Path("/dev/full").is_char_device()  # written in place, never renamed over


@pytest.mark.parametrize("writer", ["check junit", "test junit", "diff html", "compare markdown"])
def test_a_missing_directory_is_one_line(writer: str, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.out"
    _one_error(rulekit(*WRITERS[writer](records), "-o", str(target)), f"no such directory `{tmp_path / 'no' / 'such'}`")


@pytest.mark.parametrize("writer", ["check json", "diff json"])
def test_a_directory_as_the_target_is_one_line(writer: str, records: Path, tmp_path: Path) -> None:
    _one_error(rulekit(*WRITERS[writer](records), "-o", str(tmp_path)), "it is a directory")


def _read_only_directory(tmp_path: Path) -> Path:
    """A directory this process may not create files in. Root writes through modes, so as root it is /sys when
    the kernel refuses root there too (checked), else the test is skipped with that reason."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    try:
        fd, name = tempfile.mkstemp(dir="/sys")
    except OSError:
        return Path("/sys")
    os.close(fd)
    os.unlink(name)
    pytest.skip("running as root and no directory here refuses root")


@pytest.mark.parametrize("writer", ["check junit", "diff html"])
def test_a_read_only_directory_is_one_line(writer: str, records: Path, tmp_path: Path) -> None:
    folder = _read_only_directory(tmp_path)
    _one_error(rulekit(*WRITERS[writer](records), "-o", str(folder / "report.out")), "cannot write")
    assert not (folder / "report.out").exists()


def test_a_failed_run_leaves_the_good_file_alone(records: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text("a good report", encoding="utf-8")
    _one_error(rulekit("diff", "yian", "nowhere", "--format", "html", "-o", str(good)), "nowhere")
    _one_error(rulekit("check", str(records), "--format", "nonsense", "-o", str(good)), "nonsense")
    assert good.read_text(encoding="utf-8") == "a good report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.html"]


def test_a_symlinked_target_keeps_its_link(records: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.xml"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    assert rulekit("check", str(records), "--format", "junit", "-o", str(link)).returncode == 0
    assert link.is_symlink() and ET.fromstring(real.read_text(encoding="utf-8")).get("tests") == "3"


# -- interrupting a run ------------------------------------------------------------------------------
RECORDS = 60_000


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "many.jsonl"
    line = json.dumps(SIGNER, ensure_ascii=False) + "\n"
    path.write_text(line * RECORDS, encoding="utf-8")
    return path


def _interrupt(args: list[str], sig: int, wait_for: Path | None = None) -> tuple[int, str, str]:
    """Start `rulekit`, let it check some records, send ``sig``; (exit code, stdout, stderr)."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, bufsize=0)  # unbuffered: nothing lost
    deadline = time.monotonic() + 120
    if wait_for is None:
        first = proc.stdout.readline()  # the first verdict is out: checking is under way
        assert first, proc.stderr.read()
    else:
        while not any(wait_for.parent.glob(f".{wait_for.name}.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        first = b""
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, (first + out).decode("utf-8"), err.decode("utf-8")


def _counts(stderr: str) -> tuple[int, int]:
    line = next(line for line in stderr.splitlines() if line.startswith("interrupted:"))
    words = line.split()
    return int(words[1]), int(words[4])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_check_flushes_the_records_done_and_counts_the_rest(sig: int, many: Path) -> None:
    code, out, err = _interrupt(["check", str(many), "--json", "--no-progress"], sig)
    assert code == 130 and "Traceback" not in err
    done, rest = _counts(err)
    lines = out.splitlines()
    assert len(lines) == done and 0 < done < RECORDS and done + rest == RECORDS
    assert all(json.loads(line)["verdict"] == "complies" for line in lines)  # each one whole
    assert f"{done} passed, 0 failed" in err.splitlines()


def test_an_interrupted_check_keeps_the_good_report_and_writes_a_partial_one(many: Path, tmp_path: Path) -> None:
    good = tmp_path / "report.xml"
    good.write_text("<testsuites/>", encoding="utf-8")
    code, _, err = _interrupt(["check", str(many), "--format", "junit", "-o", str(good)], signal.SIGINT, wait_for=good)
    assert code == 130, err
    done, rest = _counts(err)
    assert done + rest == RECORDS and f"{good}.partial" in err
    assert good.read_text(encoding="utf-8") == "<testsuites/>"
    partial = ET.parse(f"{good}.partial").getroot()  # well-formed: the records done, closed properly
    assert partial.get("tests") == str(done)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xml", "report.xml.partial"]
