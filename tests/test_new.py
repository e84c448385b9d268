"""`rulekit new` and the segmenter behind it: the five seeds, a fictional county's page, properties, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings, strategies as st
from typer.testing import CliRunner

import rulekit
from rulekit.cli import app
from rulekit.engine.segment import chinese, clean, number_of, segment
from rulekit.engine.source import apply_repairs
from paths import FIXTURES, ROOT

runner = CliRunner()
SEEDS = ["yian", "tuokexun", "longfeng", "minzhengju", "shuangta"]
PAGE = FIXTURES / "qingxi" / "page.txt"


def _key(a: dict) -> tuple:
    """What segmentation decides: number, printed label, counted or not, chapter, text; and missing or not."""
    return (a["number"], a["label"], a["reconstructed"], a["chapter"], a["text"], a["status"] == "missing")


def _hand(rb: str) -> tuple[str, list[dict]]:
    folder = ROOT / "rulebooks" / rb
    return (folder / "source.txt").read_text(encoding="utf-8"), yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))["articles"]


@pytest.mark.parametrize("rb", ["yian", "tuokexun", "longfeng", "minzhengju"])
def test_segmenting_the_cleaned_seed_gives_the_hand_made_articles(rb: str) -> None:
    text, hand = _hand(rb)
    seg = segment(text)
    assert [_key(a) for a in seg.articles] == [_key(a) for a in hand]
    settle = [f.kind for f in seg.to_settle]
    assert settle == (["gap"] if rb == "minzhengju" else [])


def test_shuangta_counting_gets_79_of_84_and_names_what_a_person_must_settle() -> None:
    """双塔's scrape lost most numerals. Counting the damaged labels (二十, 二十、, 、 …) gets 79 articles exactly as
    the hand-made segmentation has them; the four articles whose numeral was lost whole (9, 17, 18, 38) cannot be
    found by counting: they are reported as holes, and the text they stand in as text a person must split."""
    text, hand = _hand("shuangta")
    seg = segment(text)
    by_number = {a["number"]: a for a in seg.articles}
    same = {a["number"] for a in hand if a["number"] in by_number and _key(by_number[a["number"]]) == _key(a)}
    assert len(seg.articles) == 84 and len(same) == 79
    assert set(range(1, 85)) - same == {8, 9, 17, 18, 38}  # 8 holds 9's text
    holes = [(g["from_article"], g["to_article"]) for g in seg.gaps]
    assert holes == [(9, 9), (17, 18), (38, 38)]
    kinds = [f.kind for f in seg.to_settle]
    assert kinds.count("unsegmented") == 2  # 17-18 after 第四章's heading, 38 after 第八章's
    assert kinds.count("lost_numeral") > 50


@pytest.mark.parametrize("rb", SEEDS)
def test_rulekit_new_on_each_seed_validates_with_nothing_encoded(rb: str, tmp_path: Path) -> None:
    folder = tmp_path / rb
    made = runner.invoke(app, ["new", str(folder), "--source", str(ROOT / "rulebooks" / rb / "seed.txt"), "--json"])
    assert made.exit_code == 0, made.output
    report = json.loads(made.stdout)
    assert report["id"] == rb and (folder / "seed.txt").read_bytes() == (ROOT / "rulebooks" / rb / "seed.txt").read_bytes()
    assert runner.invoke(app, ["validate", str(folder)]).exit_code == 0
    cov = runner.invoke(app, ["coverage", str(folder), "--json"])
    assert cov.exit_code == 0, cov.output
    totals = json.loads(cov.stdout)[0]["totals"]
    assert totals["encoded"] == 0 and totals["unaccounted"] == 0 and totals["unencoded"] == report["articles"] - report["missing"]
    assert totals["provisions_encoded"] == 0 and totals["provisions"] > 0  # 0% of the provisions encoded
    book = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    assert book["rules"] == [] and {u["reason"] for u in book["unencoded"]} == {"not yet encoded"}
    assert book["titles"]["head"] == ("区长" if rb in ("longfeng", "minzhengju", "shuangta") else "县长")
    text, hand = _hand(rb)
    ours = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))["articles"]
    if rb != "shuangta":  # from the raw page: the same cleaned text, byte for byte, and the same articles
        assert (folder / "source.txt").read_text(encoding="utf-8") == text
        assert [_key(a) for a in ours] == [_key(a) for a in hand]


def test_new_on_a_fictional_county_page(tmp_path: Path) -> None:
    folder = tmp_path / "qingxi"
    made = runner.invoke(app, ["new", str(folder), "--source", str(PAGE)])
    assert made.exit_code == 0, made.output
    assert "已创建" in made.stdout and "没有需要人工确认" in made.stdout
    source = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8"))
    kinds = [r["kind"] for r in source["repairs"]]
    assert kinds[0] == "remove_cover" and "split_line" in kinds and "normalize_whitespace" in kinds
    assert all(r.get("note") for r in source["repairs"])
    arts = source["articles"]
    assert [a["label"] for a in arts] == [f"第{chinese(n)}条" for n in range(1, 10)]
    assert [a["chapter"] for a in arts][::2] == ["第一章 总 则", "第二章 会议制度", "第三章 公文审批", "第三章 公文审批", "第四章 附 则"]
    assert arts[4]["text"].splitlines()[2] == "(二)以县政府名义向市政府的请示、报告,由县长或县长委托常务副县长签发;"
    assert arts[6]["text"] == "县政府领导同志外出,应提前向县长请假,并告知县政府办公室。"
    text = (folder / "source.txt").read_text(encoding="utf-8")
    assert text.startswith("清溪县人民政府工作规则\n") and "打印本页" not in text and "ICP" not in text
    assert apply_repairs((folder / "seed.txt").read_text(encoding="utf-8"), source["repairs"]) == text
    book = yaml.safe_load((folder / "rulebook.yaml").read_text(encoding="utf-8"))
    assert book["jurisdiction"] == {"name": "清溪县", "level": "county", "parent": None}
    assert book["aliases"] == ["清溪县", "清溪"] and str(book["date"]) == "2024-03-18"
    assert book["titles"]["executive_deputy"] == "常务副县长" and "deputy_in_charge" not in book["titles"]


def test_new_reports_holes_duplicates_and_lost_numerals(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("某县人民政府工作规则\n\n第一条 甲。\n\n第二条 乙。\n\n第二条 丙。\n\n第五条 丁。\n\n第条 戊。\n",
                    encoding="utf-8")
    made = runner.invoke(app, ["new", str(tmp_path / "mou"), "--source", str(page), "--json"])
    assert made.exit_code == 0, made.output
    report = json.loads(made.stdout)
    kinds = [f["kind"] for f in report["findings"] if f["settle"]]
    assert kinds == ["duplicate", "gap", "lost_numeral"]
    source = yaml.safe_load((tmp_path / "mou" / "source.yaml").read_text(encoding="utf-8"))
    assert [(a["number"], a["status"], a["reconstructed"]) for a in source["articles"]] == [
        (1, "operative", False), (2, "operative", False), (3, "missing", True), (4, "missing", True),
        (5, "operative", False), (6, "operative", True)]
    assert source["articles"][1]["text"] == "乙。\n\n第二条 丙。"  # the duplicate stays in the text, for a person
    assert source["gaps"][0]["from_article"] == 3 and source["gaps"][0]["to_article"] == 4
    assert runner.invoke(app, ["validate", str(tmp_path / "mou")]).exit_code == 0


@pytest.mark.parametrize("setup, args, message", [
    (lambda d: None, ["--source", "nowhere.txt"], "cannot read"),
    (lambda d: (d / "p.txt").write_bytes("县政府工作规则\n第一条 甲。".encode("gb18030")), ["--source", "p.txt"], "not UTF-8"),
    (lambda d: (d / "p.txt").write_bytes(b"a\x00b"), ["--source", "p.txt"], "not a text file"),
    (lambda d: (d / "p.txt").write_text("没有标题也没有条文", encoding="utf-8"), ["--source", "p.txt"], "no title found"),
    (lambda d: (d / "p.txt").write_text("某县人民政府工作规则\n第一条 甲。\n", encoding="utf-8"), ["--source", "p.txt", "--id", "Bad-Id"], "not a rulebook id"),
    (lambda d: (d / "p.txt").write_text("某县人民政府工作规则\n第一条 甲。\n", encoding="utf-8"), ["--source", "p.txt", "--style", "X."], "unknown numbering style"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path: Path, monkeypatch, setup, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    result = runner.invoke(app, ["new", "book", *args])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "book").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".book")] == []


def test_new_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "qingxi"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["new", str(folder), "--source", str(PAGE)])
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


# --- properties ------------------------------------------------------------------------------------------

@given(st.integers(min_value=1, max_value=2999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert number_of(chinese(n)) == n


_BODY = st.text(alphabet="县政府会议由主持签发审批文件应当。,;", min_size=1, max_size=30).map(lambda s: "的" + s)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_BODY, st.booleans()), min_size=1, max_size=25), st.sampled_from(["第X条", "X、"]),
       st.sampled_from(["", "\u00a0", " "]))
def test_a_well_numbered_text_segments_back_to_its_articles(items, style, pad) -> None:
    """Render articles (with chapter headings before some) in either style; segmentation gives them back exactly."""
    lines, chapter, expected = ["某县人民政府工作规则", ""], None, []
    chapters = 0
    for n, (body, new_chapter) in enumerate(items, start=1):
        if new_chapter:
            chapters += 1
            chapter = f"第{chinese(chapters)}章 总则"
            lines += [chapter, ""]
        label = f"第{chinese(n)}条" if style == "第X条" else f"{chinese(n)}、"
        lines += [f"{pad}{label} {body}", ""]
        expected.append((n, label, False, chapter, body, False))
    seg = segment("\n".join(lines), style)
    assert [_key(a) for a in seg.articles] == expected and seg.to_settle == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["", "时间:2017-01-15作者:某县来源:某县", "打印本页 关闭窗口", "主办:某县人民政府", "0"]),
                max_size=4))
@example(["", "0", "0", "时间:2017-01-15作者:某县来源:某县"])  # a page counter after the text, and a "0" before it
def test_cleaning_is_on_record(noise) -> None:
    """Whatever chrome is added around the text, the repairs rebuild the cleaned text from the seed exactly."""
    seed = "\n".join(["某县人民政府工作规则", *noise[:2], "第一条 甲。", "第二条 乙。", *noise[2:]]) + "\n"
    cleaning = clean(seed)
    assert apply_repairs(seed, cleaning.repairs) == cleaning.text
    assert [a["text"] for a in segment(cleaning.text).articles] == ["甲。", "乙。"]


def test_the_python_api_builds_without_writing(tmp_path: Path) -> None:
    from rulekit.engine.scaffold import scaffold

    made = scaffold(PAGE.read_bytes(), "qingxi", source_name="page.txt")
    assert set(made.files) == {"seed.txt", "source.txt", "source.yaml", "rulebook.yaml", "cases.yaml"}
    assert made.to_dict()["articles"] == 9 and list(tmp_path.iterdir()) == []
    assert rulekit.__name__ == "rulekit"


@pytest.mark.parametrize("script", [["tools/segment.py", "yian", "--check"], ["tools/segment.py", "minzhengju", "--check"],
                                    ["tools/segment_tuokexun_longfeng.py", "--check"]])
def test_the_seed_scripts_are_callers_of_the_library_and_up_to_date(script) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, *script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
