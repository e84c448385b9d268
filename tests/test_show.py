"""`rulekit show`: one article with the rules that encode it, and the literate view (Markdown, HTML in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine.literate import article_view, render_html, views
from paths import FIXTURES
from test_diff_html import _browser, _run

runner = CliRunner()


def show(*args: str) -> str:
    result = runner.invoke(app, ["show", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_article_by_number_label_or_numeral() -> None:
    out = show("依安", "59")
    assert show("yian", "第五十九条") == out == show("依安县", "五十九")
    assert out.startswith("依安县人民政府工作规则 · 第五十九条 (第十章 公文办理审批制度)")
    assert "公文签发一般程序为" in out and "编码规则 (10):" in out
    assert "signer.government.to_city 第(三)项 · 公文由谁签发 · 必须" in out
    assert "条件: 发文名义=以政府名义 且 文种属于{报告、请示} 且 主送机关=上级政府(市政府)" in out
    assert "答案: 县长 或 常务副县长(受县长委托)" in out
    assert "deadline.approval.urgent · 办理时限 · 原则上" in out
    tuo = show("托克逊", "六十二、")
    assert tuo.startswith("托克逊县人民政府工作规则 · 第62条(六十二、)")


def test_an_unencoded_article_gives_its_reason() -> None:
    book = rulekit.load("yian")
    number, reason = next(iter(sorted(book.compiled.unencoded.items())))
    out = show("yian", str(number))
    assert f"状态: 未编码 — {reason}" in out and "编码规则" not in out


def test_unknown_article_or_format_is_exit_2() -> None:
    bad = runner.invoke(app, ["show", "yian", "第九百条"])
    assert bad.exit_code == 2 and "yian has no article `第九百条`" in bad.stderr and "1..78" in bad.stderr
    bad = runner.invoke(app, ["show", "yian", "--format", "pdf"])
    assert bad.exit_code == 2 and "unknown format `pdf`" in bad.stderr


def test_json_of_an_article() -> None:
    data = json.loads(show("yian", "46", "--json"))
    assert data["rulebook"] == "yian" and data["article"] == 46 and data["state"] == "partial"
    assert data["reason"].startswith("未编码的规定: (一)“传达贯彻中央、省、市和县委重要会议")  # its clauses: no question asks them
    assert [r["id"] for r in data["rules"]] == ["presider.standing", "quorum.standing.met", "quorum.standing.short"]
    assert data["rules"][1]["condition"] == "会议=常务会议 且 到会人数≥会议组成人员总数×1/2"


@pytest.mark.parametrize("rb", rulekit.rulebooks())
def test_the_marks_cover_exactly_the_text_and_each_quote(rb: str) -> None:
    """Laws of the view: the runs put together are the article's text; the runs a rule marks spell its quote."""
    book = rulekit.load(rb)
    for view in views(book):
        assert "".join(s.text for s in view.spans) == view.text
        for rule in view.rules:
            assert rule.located, (rb, rule.id)
            assert "".join(s.text for s in view.spans if rule.index in s.quotes) == rule.quote, (rb, rule.id)
            assert sum(rule.index in s.ends for s in view.spans) == 1


def test_markdown_of_the_whole_book() -> None:
    md = show("依安", "--format", "markdown")
    assert md.startswith("# 依安县人民政府工作规则: 条文与规则对照")
    assert md.count("\n### ") == 78 and "## 第九章 建立健全会议制度" in md
    assert "<mark>由县长或县长委托常务副县长召集和主持</mark><sup>①</sup>" in md
    assert "## 对网页原文 (seed.txt) 的修改" in md and "split\\_line" not in md


def test_repairs_to_the_seed_are_marked_where_they_lie() -> None:
    book = rulekit.load("shuangta")
    view = article_view(book, 6)
    fixed = [s for s in view.spans if s.repair]
    assert fixed and all(s.text == "区" for s in fixed)
    assert all("原文为“六、政府实行长负责制" in s.repair for s in fixed)


def test_the_other_reading_of_a_rule_is_shown_when_present(tmp_path: Path) -> None:
    """A rule's `reading` (the reading not taken, and why) stands beside it; `reading_open` says both hold."""
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    data = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    data["rules"][0]["reading"] = "主持也可理解为包括召集; 未采用: 其他条文把召集和主持分开规定"
    data["rules"][1]["reading"] = "出国期间也可理解为包括出境; 两种理解都有文本依据"
    data["rules"][1]["reading_open"] = True
    (folder / "rulebook.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = show(str(folder), "--html")
    assert "另一种理解 (未采用)" in page and "主持也可理解为包括召集; 未采用: 其他条文把召集和主持分开规定" in page
    assert "另一种理解 (两种理解均有文本依据, 本规则取其一)" in page
    assert "另一种理解" not in show(str(FIXTURES / "mini"), "--html")
    text = show(str(folder), "2")
    assert "另一种理解 (未采用): 主持也可理解为包括召集" in text


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    """A rulebook whose texts try to inject markup: everything must come out escaped."""
    folder = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    data = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    data["rules"][0]["note"] = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    data["name"] = "示例县<b>人民政府</b>工作规则"
    (folder / "rulebook.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_html_is_self_contained_and_escaped(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "mini.html"
    result = runner.invoke(app, ["show", str(hostile), "--html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<link" not in page and "<b>人民政府" not in page
    assert not re.search(r"<[^>]*\b(src|href)\s*=", page) and "http://" not in page and "https://" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in page
    assert "示例县&lt;b&gt;人民政府&lt;/b&gt;工作规则" in page


@pytest.fixture(scope="module")
def yian_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("show") / "yian.html"
    result = runner.invoke(app, ["show", "yian", "--html", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_the_literate_page_renders_in_chromium(yian_page: Path, tmp_path: Path) -> None:
    browser = _browser()
    done = _run(browser, tmp_path / "profile", "--dump-dom", yian_page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count("<article") == 78 and "<script" not in dom
    text = re.sub(r"<[^>]+>", "", dom)
    book = rulekit.load("yian")
    for rule in book.compiled.rules.values():
        assert rule.quote in text
    for expected in ("依安县人民政府工作规则: 条文与规则对照", "第五十九条", "第十章 公文办理审批制度",
                     "发文名义=以政府名义 且 文种属于{报告、请示} 且 主送机关=上级政府(市政府)", "县长 或 常务副县长(受县长委托)",
                     "对网页原文 (seed.txt) 的修改", "非操作性条文"):
        assert expected in text, expected
    assert len(re.findall(r"<mark[ >]", dom)) >= len({(r.article, r.quote) for r in book.compiled.rules.values()})


def test_the_literate_page_prints(yian_page: Path, tmp_path: Path) -> None:
    browser = _browser()
    pdf = tmp_path / "yian.pdf"
    done = _run(browser, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", yian_page.as_uri())
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages > 5, pages  # 78 articles do not fit a few pages: the page breaks between articles, not nowhere
