#!/usr/bin/env python3
"""Build ``source.txt`` and ``source.yaml`` for the rulebooks ``tuokexun`` and ``longfeng``.

See docs/SOURCE_FORMAT.md. For each rulebook the script

1. applies the repairs declared below to ``seed.txt`` (``rulekit.engine.source.apply_repairs``),
2. splits the result into articles on the labels that open a line (``一、`` ... for tuokexun,
   ``第一条`` ... for longfeng), recording the ``第X章`` heading each article falls under,
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
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rulekit.engine.source import apply_repairs, chinese_numeral  # noqa: E402
from segment import dump as dump_source  # noqa: E402 - tools/segment.py, beside this file
from segment import SegmentError, read, write  # noqa: E402

NBSP = "\u00a0"
NUMERAL = "零一二三四五六七八九十百"
# white space that may pad a label or heading at the start of a line (ASCII, NBSP, en space, ideographic)
PAD = " \t\u00a0\u2002\u3000"

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

LABEL = {
    "tuokexun": re.compile(rf"[{PAD}]*(([{NUMERAL}]+)、)"),
    "longfeng": re.compile(rf"[{PAD}]*(第([{NUMERAL}]+)条)"),
}

# a chapter heading is a whole (short) line 第X章 name
CHAPTER = re.compile(rf"[{PAD}]*(第[{NUMERAL}]+章(?:[{PAD}]*[^\s{PAD}。,;:,;:]+){{0,6}})[{PAD}]*")

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
    """The articles of ``source`` and the notes on label-like lines that were not taken as articles."""
    label_re = LABEL[rulebook]
    marks = []  # (line start, end of label/heading, kind, label or chapter, number)
    offset = 0
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\n")
        heading = CHAPTER.fullmatch(body)
        if heading:
            marks.append((offset, offset + len(body), "chapter", re.sub(rf"[{PAD}]+", " ", heading.group(1)), None))
        else:
            m = label_re.match(body)
            if m:
                marks.append((offset, offset + m.end(), "label", m.group(1), chinese_numeral(m.group(2))))
        offset += len(line)

    notes: list[str] = []
    kept = []  # the marks that bound articles: chapter headings and the labels taken as articles
    expected = 1
    for mark in marks:
        start, end, kind, label, number = mark
        line_no = source.count("\n", 0, start) + 1
        if kind == "chapter":
            kept.append(mark)
        elif expected == 1 and number != 1:
            notes.append(f"line {line_no}: {label} before article 1 (preface), not an article")
        elif number == expected:
            kept.append(mark)
            expected += 1
        elif number < expected:
            notes.append(f"line {line_no}: {label} goes back after article {expected - 1}: sub-item, not an article")
        else:
            raise SegmentError(f"line {line_no}: {label} ({number}) follows article {expected - 1}: hole in numbering")

    articles: list[dict] = []
    chapter = None
    for i, (start, end, kind, label, number) in enumerate(kept):
        if kind == "chapter":
            chapter = label
            continue
        stop = kept[i + 1][0] if i + 1 < len(kept) else len(source)
        text = source[end:stop].strip()
        if not text:
            raise SegmentError(f"{label} has no text")
        reason = NON_OPERATIVE[rulebook].get(number)
        articles.append({"number": number, "label": label, "reconstructed": False, "chapter": chapter,
                         "status": "non_operative" if reason else "operative", "reason": reason, "text": text})
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
