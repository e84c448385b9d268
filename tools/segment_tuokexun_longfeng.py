#!/usr/bin/env python3
"""Build ``source.txt`` and ``source.yaml`` for the rulebooks ``tuokexun`` and ``longfeng``.

See docs/SOURCE_FORMAT.md. For each rulebook the script

1. applies the repairs declared below to ``seed.txt`` (``rulekit.engine.source.apply_repairs``),
2. segments the result with the library's segmenter (``rulekit.engine.segment``, the one ``rulekit new`` uses):
   articles on the labels that open a line (``一、`` ... for tuokexun, ``第一条`` ... for longfeng), under the
   ``第X章`` heading each falls in; nothing may be left for a person to settle,
3. checks that the numbers run 1..N without a hole, sets status/reason from ``NON_OPERATIVE``,
4. writes ``source.txt`` and ``source.yaml`` and checks that the written YAML loads back to the computed
   data, that ``apply_repairs(seed, repairs)`` equals the written ``source.txt`` and that every article
   text is a substring of it.

    python tools/segment_tuokexun_longfeng.py            # (re)write both rulebooks
    python tools/segment_tuokexun_longfeng.py --check    # only check that the files are up to date

tuokexun numbers its articles "一、", "二、" ... continuously across chapters. The page opens with a
policy-interpretation preface (its own "二、制定依据", "三、主要内容" and a list of the 14 chapters) before
the real "第一章": it is kept in source.txt (it is part of the page) but is not segmented; article 1 is
the first "一、" label. A label that goes backwards after article 1 would be a sub-item of the current
article and is reported, not split.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rulekit.engine.segment import segment as engine_segment  # noqa: E402
from rulekit.engine.source import apply_repairs  # noqa: E402
from segment import dump as dump_source  # noqa: E402 - tools/segment.py, beside this file
from segment import SegmentError, read, write  # noqa: E402

NBSP = "\u00a0"

# --- per-rulebook declarations ---------------------------------------------------------------------

REPAIRS: dict[str, list[dict]] = {
    "tuokexun": [
        {"kind": "remove_chrome", "original": "托克逊县人民政府\n\n政府信息公开\n", "replacement": "", "count": 1,
         "note": "site header (site name 托克逊县人民政府 and the section 政府信息公开), not part of the rules"},
        {"kind": "remove_chrome",
         "original": f"索{NBSP}引{NBSP}号 010605548/2023-00027 发布机构\n文  号 〔〕号 有效性 有效\n公开日\n",
         "replacement": "", "count": 1,
         "note": "索引号 metadata table of the government-information page (索引号/发布机构/文号/有效性/公开日)"},
        {"kind": "remove_chrome",
         "original": f"发布时间: 2021-09-18 {NBSP * 3} 浏览次数:{NBSP * 3} 【字体:\n",
         "replacement": "", "count": 1,
         "note": "page widget line (发布时间/浏览次数/字体 size switch) under the title"},
        {"kind": "normalize_whitespace",
         "note": "strip trailing white space and fold the blank lines left by the removals"},
    ],
    "longfeng": [
        {"kind": "remove_chrome", "original": "当前位置: 首页 > 政府文件\n", "replacement": "", "count": 1,
         "note": "breadcrumb navigation of the web site (当前位置)"},
        {"kind": "remove_cover", "original": "关于印发龙凤区人民政府工作规则的通知\n", "replacement": "", "count": 1,
         "note": "title of the cover notice (印发通知) that transmits the rules; not part of the rules, the rules' "
                 "own title 龙凤区人民政府工作规则 becomes the first line"},
        {"kind": "remove_chrome", "original": "发布时间:2017年05月25 来源: 本站原创 作者: 点击率:5260\n",
         "replacement": "", "count": 1,
         "note": "page widget line (发布时间/来源/作者/点击率)"},
        {"kind": "remove_cover", "original": "龙凤镇人民政府,各社区工作站,区辖、区属各有关单位:\n",
         "replacement": "", "count": 1,
         "note": "addressees of the cover notice, not part of the rules"},
        {"kind": "remove_cover",
         "original": "《龙凤区人民政府工作规则》经2017年2月13日龙凤区人民政府十一届3次常务会议讨论通过,"
                     "现印发给你们,望认真贯彻执行。",
         "replacement": "", "count": 1,
         "note": "body of the cover notice (adopted at the 十一届3次常务会议 of 2017-02-13), not part of the "
                 "rules; the NBSP indent left on the line is cleared by normalize_whitespace"},
        {"kind": "remove_cover", "original": "大庆市龙凤区人民政府", "replacement": "", "count": 1,
         "note": "signature of the cover notice; the NBSP padding left on the line is cleared by "
                 "normalize_whitespace"},
        {"kind": "remove_cover", "original": "2017年3月9日", "replacement": "", "count": 1,
         "note": "date of the cover notice; the NBSP padding left on the line is cleared by normalize_whitespace"},
        {"kind": "normalize_whitespace",
         "note": "strip trailing white space (NBSP padding, trailing spaces after some articles and headings) "
                 "and fold the blank lines left by the removals"},
    ],
}

STYLE = {"tuokexun": "X、", "longfeng": "第X条"}

EXPECTED_COUNT = {"tuokexun": 87, "longfeng": 103}

PURPOSE = "purpose and legal basis of the rules"
IDEOLOGY = "guiding ideology"
PRINCIPLES = "general working principles, no concrete provision"
EXHORTATION = "general exhortation, no concrete procedure"
FUNCTIONS = "statement of government functions / policy goals, no concrete procedure"

NON_OPERATIVE: dict[str, dict[int, str]] = {
    "tuokexun": {
        1: PURPOSE,
        2: IDEOLOGY,
        3: PRINCIPLES,
        4: EXHORTATION,
        10: FUNCTIONS, 11: FUNCTIONS, 12: FUNCTIONS, 13: FUNCTIONS,
        14: FUNCTIONS, 15: FUNCTIONS, 16: FUNCTIONS, 17: FUNCTIONS,
        18: EXHORTATION,
        25: EXHORTATION,
        31: EXHORTATION,
        34: EXHORTATION,
        73: EXHORTATION,
        78: EXHORTATION,
        82: EXHORTATION,
        83: EXHORTATION,
    },
    "longfeng": {
        1: PURPOSE,
        2: IDEOLOGY,
        3: EXHORTATION,
        4: EXHORTATION,
        10: FUNCTIONS, 11: FUNCTIONS, 12: FUNCTIONS, 13: FUNCTIONS, 14: FUNCTIONS,
        20: EXHORTATION,
        32: EXHORTATION,
        35: EXHORTATION,
        37: EXHORTATION,
        38: EXHORTATION,
        54: EXHORTATION,
        72: FUNCTIONS,
        75: FUNCTIONS,
        77: FUNCTIONS,
        86: EXHORTATION,
        92: EXHORTATION,
        98: EXHORTATION,
    },
}

TITLES = {"tuokexun": "托克逊县人民政府工作规则", "longfeng": "龙凤区人民政府工作规则"}

HEADER = {
    "tuokexun": [
        "# The preface between the title and the real 第一章 (政策解读: 制定依据, 主要内容, list of chapters)",
        "# is kept in source.txt but is not part of the rules' numbering; article 1 is the first 一、 after it.",
    ],
    "longfeng": [],
}


def segment(rulebook: str, source: str) -> tuple[list[dict], list[str]]:
    """The articles of ``source`` (segmented by ``rulekit.engine.segment``, as ``rulekit new`` does) and the notes
    on label-like lines that were not taken as articles (the preface, sub-items)."""
    seg = engine_segment(source, style=STYLE[rulebook])
    unsettled = [f.render() for f in seg.to_settle]
    if unsettled:
        raise SegmentError("; ".join(unsettled))
    notes = [f.render() for f in seg.findings if not f.settle]
    articles = []
    for a in seg.articles:
        reason = NON_OPERATIVE[rulebook].get(a["number"])
        articles.append(dict(a, status="non_operative" if reason else "operative", reason=reason))
    return articles, notes


# --- YAML output -------------------------------------------------------------------------------------

def dump(rulebook: str, repairs: list[dict], articles: list[dict]) -> str:
    header = [f"# Generated by tools/segment_tuokexun_longfeng.py ({rulebook}): edit the script and rerun.", *HEADER[rulebook]]
    return dump_source(rulebook, repairs, [], articles, header=header)


# --- main --------------------------------------------------------------------------------------------

def build(rulebook: str) -> tuple[str, str, list[str]]:
    folder = ROOT / "rulebooks" / rulebook
    seed = read(folder / "seed.txt")
    repairs = REPAIRS[rulebook]
    for i, repair in enumerate(repairs):
        if not repair.get("note"):
            raise SegmentError(f"{rulebook}: repair {i} has no note")
    source = apply_repairs(seed, repairs)
    if not source.startswith(TITLES[rulebook] + "\n"):
        raise SegmentError(f"{rulebook}: source.txt does not start with the title line")

    articles, notes = segment(rulebook, source)
    numbers = [a["number"] for a in articles]
    if numbers != list(range(1, EXPECTED_COUNT[rulebook] + 1)):
        raise SegmentError(f"{rulebook}: articles {numbers[:3]}..{numbers[-3:]}, expected 1..{EXPECTED_COUNT[rulebook]}")
    unknown = set(NON_OPERATIVE[rulebook]) - set(numbers)
    if unknown:
        raise SegmentError(f"{rulebook}: NON_OPERATIVE names unknown articles {sorted(unknown)}")

    text = dump(rulebook, repairs, articles)
    loaded = yaml.safe_load(text)
    if loaded != {"seed": "seed.txt", "text": "source.txt", "repairs": repairs, "gaps": [], "articles": articles}:
        raise SegmentError(f"{rulebook}: source.yaml does not load back to the computed data")
    if apply_repairs(seed, loaded["repairs"]) != source:
        raise SegmentError(f"{rulebook}: the repairs of source.yaml do not reproduce source.txt")
    for a in loaded["articles"]:
        if a["text"] not in source:
            raise SegmentError(f"{rulebook}: article {a['number']} is not a substring of source.txt")
    return source, text, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rulebooks", nargs="*", help=f"default: {' '.join(REPAIRS)}")
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    args = parser.parse_args(argv)
    unknown = [r for r in args.rulebooks if r not in REPAIRS]
    if unknown:
        parser.error(f"unknown rulebook(s) {unknown}; this script handles {list(REPAIRS)}")
    args.rulebooks = args.rulebooks or list(REPAIRS)
    status = 0
    for rulebook in args.rulebooks:
        folder = ROOT / "rulebooks" / rulebook
        try:
            source, text, notes = build(rulebook)
        except (SegmentError, ValueError) as exc:
            print(f"{rulebook}: {exc}", file=sys.stderr)
            status = 1
            continue
        for note in notes:
            print(f"{rulebook}: {note}")
        count = text.count("\n  - number: ")
        if args.check:
            for name, content in (("source.txt", source), ("source.yaml", text)):
                path = folder / name
                if not path.exists() or read(path) != content:
                    print(f"{rulebook}: {name} is out of date", file=sys.stderr)
                    status = 1
        else:
            write(folder / "source.txt", source)
            write(folder / "source.yaml", text)
            if read(folder / "source.txt") != source:
                raise SegmentError(f"{rulebook}: source.txt was not written as computed")
        print(f"{rulebook}: {count} articles{'' if args.check else ', written'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
