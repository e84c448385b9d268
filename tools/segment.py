#!/usr/bin/env python3
"""Build ``rulebooks/<id>/source.txt`` and ``source.yaml`` from ``seed.txt`` (see docs/SOURCE_FORMAT.md).

The hand-written input is ``tools/segment_specs/<id>.yaml``:

    repairs:          # applied in order to seed.txt by rulekit.engine.source.apply_repairs (each needs a note)
      - {kind: remove_chrome, original: "...", replacement: "", count: 1, note: "..."}
    gaps:             # articles lost from the source, emitted as status: missing
      - {from_article: 42, to_article: 73, note: "..."}
    missing_reason: "..."        # reason given to every missing article
    non_operative:               # article number -> reason; every other article is operative
      1: purpose clause

The script applies the repairs, checks that the result is what it writes, splits the articles on the
``第X条`` labels that open a paragraph, records the ``第X章`` chapter headings, checks that the numbers run
1..N with every hole declared as a gap, and writes source.yaml.

    python tools/segment.py yian            # (re)write source.txt and source.yaml
    python tools/segment.py yian --check    # only check that both files are up to date
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

SPECS = Path(__file__).resolve().parent / "segment_specs"
NUMERAL = "零一二三四五六七八九十百"
ARTICLE = re.compile(rf"^(第([{NUMERAL}]+)条)", re.M)
CHAPTER = re.compile(rf"^第[{NUMERAL}]+章.*$", re.M)
REPAIR_KEYS = ("kind", "original", "replacement", "count", "note")


class SegmentError(Exception):
    pass


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def load_spec(rulebook: str) -> dict:
    spec = yaml.safe_load(read(SPECS / f"{rulebook}.yaml")) or {}
    for i, repair in enumerate(spec.get("repairs", [])):
        if not repair.get("note"):
            raise SegmentError(f"repair {i} has no note")
        unknown = set(repair) - set(REPAIR_KEYS)
        if unknown:
            raise SegmentError(f"repair {i} has unknown keys {sorted(unknown)}")
    return spec


def segment(source: str, spec: dict) -> list[dict]:
    """The articles of ``source``, in order, with the declared gaps filled by missing articles."""
    headings = [(m.start(), m.end(), "chapter", m.group(0).strip(), None) for m in CHAPTER.finditer(source)]
    headings += [(m.start(), m.end(), "article", m.group(1), chinese_numeral(m.group(2)))
                 for m in ARTICLE.finditer(source)]
    headings.sort()

    gaps = {}
    for gap in spec.get("gaps", []):
        for number in range(gap["from_article"], gap["to_article"] + 1):
            gaps[number] = gap
    non_operative = {int(k): v for k, v in (spec.get("non_operative") or {}).items()}
    missing_reason = spec.get("missing_reason")

    articles: list[dict] = []
    chapter = None
    for i, (start, end, kind, label, number) in enumerate(headings):
        if kind == "chapter":
            chapter = label
            continue
        expected = articles[-1]["number"] + 1 if articles else 1
        if number < expected:
            raise SegmentError(f"{label} ({number}) follows article {expected - 1}: duplicate or out of order")
        if number > expected:
            lost = range(expected, number)
            undeclared = [n for n in lost if n not in gaps]
            if undeclared:
                raise SegmentError(f"articles {undeclared} are missing before {label} and no gap declares them")
            if not missing_reason:
                raise SegmentError("the spec declares gaps but no missing_reason")
            for n in lost:
                articles.append({"number": n, "label": None, "reconstructed": True, "chapter": None,
                                 "status": "missing", "reason": missing_reason, "text": ""})
            chapter = None  # the chapter headings inside the gap are lost too
        if number in gaps:
            raise SegmentError(f"{label} is in the source but a gap declares it missing")
        stop = headings[i + 1][0] if i + 1 < len(headings) else len(source)
        text = source[end:stop].strip()
        if not text:
            raise SegmentError(f"{label} has no text")
        reason = non_operative.pop(number, None)
        articles.append({"number": number, "label": label, "reconstructed": False, "chapter": chapter,
                         "status": "non_operative" if reason else "operative", "reason": reason, "text": text})
    trailing = [n for n in gaps if not articles or n > articles[-1]["number"]]
    if trailing:
        raise SegmentError(f"gap articles {trailing} come after the last article of the source")
    if non_operative:
        raise SegmentError(f"non_operative names articles that are not in the source: {sorted(non_operative)}")
    return articles


# --- YAML output -------------------------------------------------------------------------------------

def quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    # make the invisible white space visible (json.dumps already escapes control characters)
    return out.replace("\u00a0", "\\u00a0").replace("\u3000", "\\u3000")


def scalar(value, plain: bool = False) -> str:
    """A YAML scalar: free text is double-quoted; ids, labels and headings (plain=True) stay plain when safe."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if plain and re.fullmatch(r"[a-z_]+|[\u4e00-\u9fff][^\s:#'\"]*(?: [^\s:#'\"]+)*", text):
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    return quoted(text)


def block(text: str, indent: str) -> str:
    if not text:
        return '""'
    return "|-\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def dump(rulebook: str, repairs: list[dict], gaps: list[dict], articles: list[dict],
         header: list[str] | None = None) -> str:
    """source.yaml as text; ``header`` replaces the default comment lines at the top."""
    lines = header or [f"# Generated by tools/segment.py from tools/segment_specs/{rulebook}.yaml: edit the spec and rerun."]
    lines = [
        *lines,
        "seed: seed.txt",
        "text: source.txt",
        "repairs:",
    ]
    for repair in repairs:
        keys = [k for k in REPAIR_KEYS if k in repair]
        for j, key in enumerate(keys):
            lines.append(("  - " if j == 0 else "    ") + f"{key}: {scalar(repair[key], plain=key == 'kind')}")
    if gaps:
        lines.append("gaps:")
        for gap in gaps:
            lines.append(f"  - from_article: {gap['from_article']}")
            lines.append(f"    to_article: {gap['to_article']}")
            lines.append(f"    note: {scalar(gap['note'])}")
            if gap.get("exclude"):
                lines.append("    exclude: [" + ", ".join(gap["exclude"]) + "]")
            if gap.get("qualify_answers"):
                lines.append("    qualify_answers: true")
    else:
        lines.append("gaps: []")
    lines.append("articles:")
    for a in articles:
        lines.append(f"  - number: {a['number']}")
        for key in ("label", "reconstructed", "chapter", "status", "reason"):
            lines.append(f"    {key}: {scalar(a[key], plain=key != 'reason')}")
        lines.append(f"    text: {block(a['text'], '      ')}")
    return "\n".join(lines) + "\n"


# --- main --------------------------------------------------------------------------------------------

def build(rulebook: str) -> tuple[str, str]:
    spec = load_spec(rulebook)
    folder = ROOT / "rulebooks" / rulebook
    seed = read(folder / "seed.txt")
    repairs = spec.get("repairs", [])
    source = apply_repairs(seed, repairs)
    articles = segment(source, spec)
    gaps = spec.get("gaps", [])
    text = dump(rulebook, repairs, gaps, articles)

    # the file must say exactly what was computed
    loaded = yaml.safe_load(text)
    expected = {"seed": "seed.txt", "text": "source.txt", "repairs": repairs, "gaps": gaps, "articles": articles}
    if loaded != expected:
        raise SegmentError("source.yaml does not load back to the computed data")
    for a in articles:
        if a["status"] != "missing" and a["text"] not in source:
            raise SegmentError(f"article {a['number']}: text is not a substring of source.txt")
    return source, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rulebook")
    parser.add_argument("--check", action="store_true", help="check the files instead of writing them")
    args = parser.parse_args(argv)
    folder = ROOT / "rulebooks" / args.rulebook
    try:
        source, text = build(args.rulebook)
    except SegmentError as err:
        print(f"{args.rulebook}: {err}", file=sys.stderr)
        return 1
    if args.check:
        stale = [name for name, want in (("source.txt", source), ("source.yaml", text))
                 if not (folder / name).exists() or read(folder / name) != want]
        if stale:
            print(f"{args.rulebook}: out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
    else:
        write(folder / "source.txt", source)
        write(folder / "source.yaml", text)
        seed = read(folder / "seed.txt")
        repairs = yaml.safe_load(read(folder / "source.yaml"))["repairs"]
        if apply_repairs(seed, repairs) != read(folder / "source.txt"):
            print(f"{args.rulebook}: apply_repairs(seed) != source.txt after writing", file=sys.stderr)
            return 1
    articles = yaml.safe_load(text)["articles"]
    counts = {s: sum(a["status"] == s for a in articles) for s in ("operative", "non_operative", "missing")}
    print(f"{args.rulebook}: {len(articles)} articles ({', '.join(f'{v} {k}' for k, v in counts.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
