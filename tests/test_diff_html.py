"""The HTML report of `rulekit diff`, opened in a real browser (headless Chromium): it renders, and the rendered page
shows the differences — both rulebooks, every row, the answers and the quoted articles.

Skipped, with a message, where no Chromium is installed (Debian: `apt-get install -y chromium`; CI installs it).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import rulekit
from paths import FIXTURES
from rulekit.differ.report import grouped, html_diff

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
YANGLI = str(FIXTURES / "yangli" / "rulebook.yaml")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium found (tried " + ", ".join(BROWSERS) + "); install it with `apt-get install -y chromium` "
                "to check that the HTML report renders")


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, rulekit.differ.search.Diff]:
    found = rulekit.diff("yian", YANGLI)
    path = tmp_path_factory.mktemp("html") / "diff.html"
    path.write_text(html_diff(found), encoding="utf-8")
    return path, found


def test_the_rendered_page_shows_every_difference(page: tuple[Path, rulekit.differ.search.Diff], tmp_path: Path) -> None:
    browser = _browser()
    path, found = page
    done = _run(browser, tmp_path / "profile", "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<html lang="zh-CN">' in dom and "</body>" in dom
    text = re.sub(r"<[^>]+>", "", dom)
    for expected in ("依安县人民政府工作规则", "样例县人民政府工作规则", "公文由谁签发", "到会人数是否足以开会",
                     "第八条第(二)项", "以县政府名义制发的其他公文,由常务副县长签发", "第五十九条第(二)项",
                     "会议必须有常务会议组成人员三分之二以上到会方能举行", "未作规定"):
        assert expected in text, expected
    expected_rows = sum(len(grouped(q.differences)) for q in found.questions)
    assert dom.count('<tr class="difference">') == expected_rows > 0
    assert dom.count('class="side left answered"') + dom.count('class="side left not_covered"') == expected_rows


def test_the_page_is_drawn(page: tuple[Path, rulekit.differ.search.Diff], tmp_path: Path) -> None:
    browser = _browser()
    path, _ = page
    shot = tmp_path / "diff.png"
    done = _run(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", path.as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 20_000, "a drawn page (tables, text, colour) compresses to more than an empty one"
