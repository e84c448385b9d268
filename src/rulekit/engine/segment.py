"""Reading a scraped page: strip the page chrome as declared repairs, and segment the rules into articles.

Two steps, each pure (text in, data out), used by ``rulekit new`` and by the scripts under ``tools/``:

- ``clean(seed)``: the repairs that turn the scraped page into the cleaned source — the page header, cover
  notice (印发通知) and footer of the web site removed, a second copy of the title removed, white space
  normalized — each with a note saying what it removed and why. Nothing is dropped that is not on record.
- ``segment(text)``: the articles of the cleaned text, for the numbering styles of the work rules:
  ``第X条`` (Chinese or Arabic numerals), ``X、`` (numbered paragraphs, after a preface that is not numbered
  with them), under ``第X章`` chapter headings, with the clauses ``(一)(二)`` kept inside their article.
  What it cannot settle is reported as ``Finding``s for a person: a hole in the numbering (emitted as
  missing articles inside a declared gap), a number printed twice or out of order, a numeral lost or
  damaged in the scrape (the number is then counted, ``reconstructed: true``).

``dump_source`` writes the result as ``source.yaml`` (see docs/SOURCE_FORMAT.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .source import apply_repairs, normalize_whitespace

__all__ = [
    "Cleaning", "Finding", "Segmentation", "arabic", "chinese", "clean", "dump_source", "number_of", "segment",
    "split_lost_labels",
]

NUMERAL = "零〇一二三四五六七八九十百千两"
DIGITS = "0123456789０１２３４５６７８９"
PAD = " \t\u00a0\u2002\u2003\u3000"
MISSING_REASON = "编号跳跃: 原文缺失或抓取时丢失, 待人工核实 (numbering jumps: lost from the source or the scrape; settle by hand)"

_UNITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def number_of(numeral: str) -> int:
    """一 → 1, 十二 → 12, 一百零三 → 103, ``12`` or ``１２`` → 12. Raise ``ValueError`` for anything else."""
    if not numeral:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in numeral):
        return int(numeral)
    total = current = 0
    for ch in numeral:
        if ch in _UNITS:
            current = _UNITS[ch]
        elif ch in "零〇":
            current = 0
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
        else:
            raise ValueError(f"not a numeral: {numeral!r}")
    return total + current


def chinese(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 103 → 一百零三, 110 → 一百一十 (as the work rules print them)."""
    digits = "零一二三四五六七八九"
    if n < 1 or n > 9999:
        raise ValueError(f"out of range: {n}")
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    high, rest = divmod(n, 100) if n < 1000 else divmod(n, 1000)
    unit = "百" if n < 1000 else "千"
    text = chinese(high) + unit
    if rest == 0:
        return text
    if rest < (10 if unit == "百" else 100):
        return text + "零" + chinese(rest)
    return text + (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "") if rest < 100 else chinese(rest))


def arabic(n: int) -> str:
    return str(n)


@dataclass(frozen=True)
class Finding:
    """Something a person must settle (or should know): ``kind``, the line of the cleaned text, a message."""

    kind: str  # gap | duplicate | out_of_order | lost_numeral | unsegmented | no_text | no_articles | chrome | preface | sub_item
    line: int | None
    message: str
    settle: bool = True  # False: only for information (a preface, a sub-item, a repair made)

    def render(self) -> str:
        where = f"第{self.line}行: " if self.line else ""
        return f"{where}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line, "message": self.message, "settle": self.settle}


# ---------------------------------------------------------------------------------------------------------
# chrome
# ---------------------------------------------------------------------------------------------------------

# whole lines that belong to the web page, not to the rules (matched after stripping white space)
_CHROME_LINES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(发布)?时间\s*[::].*(作者|来源|浏览|点击)"), "page metadata line (时间/作者/来源/浏览次数)"),
    (re.compile(r"^发布时间\s*[::]"), "page metadata line (发布时间/来源/浏览次数/字体)"),
    (re.compile(r"^(当前位置|您的位置|您现在的位置)\s*[::]"), "breadcrumb navigation (当前位置)"),
    (re.compile(r"^(主办|承办|主办单位|承办单位)\s*[::]"), "site footer (主办/承办/技术支持)"),
    (re.compile(r"(联系电话|电话)\s*(\(|（)?.*[::].*(E-?mail|传真|\d{3,4}-\d{5,})", re.I), "site footer (联系电话/E-mail)"),
    (re.compile(r"(ICP备|网安备案|网站标识码|公网安备)"), "site footer (备案号/网站标识码)"),
    (re.compile(r"建议使用.*浏览器|分辨率"), "site footer (browser advice)"),
    (re.compile(r"^(关于我们|网站声明|联系我们|网站地图)(\s*\|\s*\S+)+$"), "site footer (links)"),
    (re.compile(r"^(【?\s*(打印本页|关闭窗口|打印|关闭|返回顶部|分享到)\s*】?\s*)+$"), "page buttons (打印/关闭/分享)"),
    (re.compile(r"^(上一篇|下一篇)\s*[::]"), "page navigation (上一篇/下一篇)"),
    (re.compile(r"^【?\s*字体\s*[::]"), "font size switch (字体)"),
    (re.compile(r"^此处内容需要权限查看$"), "paywall marker (此处内容需要权限查看): the text is cut off here"),
]
# chrome glued in front of the rules' text on the same line
_CHROME_PREFIXES = [("会员免费查看", "paywall prompt (会员免费查看) glued in front of the text after the cut")]
_TITLE = re.compile(r"^[^\s,。;:,;:]{2,40}(工作规则|规则|制度|办法|规定|细则|规范)$")


@dataclass
class Cleaning:
    """The repairs found for a seed, the cleaned text they give, the title and what was noticed."""

    repairs: list[dict[str, Any]]
    text: str
    title: str | None
    findings: list[Finding] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # the page lines removed, for the date guess


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its newline) for every line."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _strip(line: str) -> str:
    return line.strip(PAD + "\r")


def _short(text: str, width: int = 24) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return text if len(text) <= width else text[: width - 1] + "…"


def _chrome_reason(line: str) -> str | None:
    bare = _strip(line)
    if "。" in bare or len(bare) > 120:  # a sentence of the rules, never page chrome
        return None
    for pattern, why in _CHROME_LINES:
        if pattern.search(bare):
            return why
    return None


def _is_body_start(line: str) -> bool:
    bare = line.lstrip(PAD)
    return bool(_CHAPTER.match(bare) or _ARTICLE.match(bare) or re.match(rf"^[{NUMERAL}]+、", bare))


def clean(seed: str) -> Cleaning:
    """The repairs that strip the page chrome from ``seed`` (each with a note), and the cleaned text.

    - everything above the rules' own title (site header, publication metadata, the cover notice 关于印发…的通知
      with its addressees, signature and date) when the title is found near the top;
    - whole lines of page chrome anywhere (metadata, buttons, footer, a paywall marker), and chrome glued in
      front of an article (会员免费查看);
    - a second copy of the title, a lone number line after the text (a page counter);
    - then ``normalize_whitespace``."""
    text = seed  # read as text: its line ends are "\n" already (as ``Path.read_text`` gives them)
    repairs: list[dict[str, Any]] = []
    findings: list[Finding] = []
    removed: list[str] = []

    def remove(original: str, replacement: str, kind: str, note: str) -> bool:
        nonlocal text
        count = text.count(original)
        if count != 1:
            return False
        repairs.append({"kind": kind, "original": original, "replacement": replacement, "count": 1, "note": note})
        text = text.replace(original, replacement)
        return True

    lines = _lines(text)
    # the title: the last title-like line before the body starts (the rules' own title, after any cover notice)
    title_at: int | None = None
    for i, (_, line) in enumerate(lines[:80]):
        if _is_body_start(line):
            break
        bare = _strip(line)
        if _TITLE.match(bare) and not bare.startswith("关于"):
            title_at = i
    title = _strip(lines[title_at][1]) if title_at is not None else None
    # 1. above the title: the page header and the cover notice
    if title_at is not None:
        first = next((i for i, (_, line) in enumerate(lines) if _strip(line)), 0)
        if first < title_at and not any(_strip(line) == title for _, line in lines[first:title_at]):
            head = text[: lines[title_at][0] + len(lines[title_at][1]) - len(lines[title_at][1].lstrip(PAD))]
            shown = [f"“{_short(line)}”" for _, line in lines[:title_at] if _strip(line)]
            removed += [_strip(line) for _, line in lines[:title_at] if _strip(line)]
            cover = any("印发" in s or "通知" in s for s in shown)
            what = "page header and cover notice (印发通知)" if cover else "page header"
            remove(head, "", "remove_cover" if cover else "remove_chrome",
                   f"{what} above the title of the rules: {'、'.join(shown)}")
    # 2. chrome lines anywhere, a second copy of the title, a lone number after the text
    lines = _lines(text)
    last_text = max((i for i, (_, line) in enumerate(lines)
                     if _strip(line) and not _chrome_reason(line) and not re.fullmatch(r"\d{1,3}", _strip(line))),
                    default=0)
    seen_title = False
    done: set[str] = set()

    def remove_lines(line: str, why: str) -> bool:
        """Remove every copy of a whole line, when it never occurs inside another line."""
        nonlocal text
        anywhere = text.count(line)
        whole = len(re.findall(rf"(?m)^{re.escape(line)}$", text))
        if anywhere != whole or whole == 0:
            return False
        original = line + "\n" if text.count(line + "\n") == anywhere else line
        note = why if anywhere == 1 else f"{why} ({anywhere} times)"
        repairs.append({"kind": "remove_chrome", "original": original, "replacement": "", "count": anywhere,
                        "note": note})
        text = text.replace(original, "")
        return True

    def remove_last(line: str, why: str) -> bool:
        """Remove the last copy of a whole line (a page counter after the text), told apart by what precedes it."""
        hits = list(re.finditer(rf"(?m)^{re.escape(line)}$", text))
        if not hits:
            return False
        at = hits[-1].start()
        for width in (2, 6, 12, 24):
            tail = text[max(0, at - width):at]
            original = tail + line + ("\n" if text[hits[-1].end():hits[-1].end() + 1] == "\n" else "")
            if text.count(original) == 1:
                return remove(original, tail, "remove_chrome", why)
        return False

    for i, (_, line) in enumerate(lines):
        bare = _strip(line)
        if not bare:
            continue
        if title and bare == title and line in done:
            continue
        why = _chrome_reason(line)
        if why is None and title and bare == title:
            if seen_title:
                why = "a second copy of the title (page layout), the title is kept once, on the first line"
            seen_title = True
        if why is None and i > last_text and re.fullmatch(r"\d{1,3}", bare):
            why = "a lone number after the last article (a page widget's counter)"
        if why is None:
            continue
        if line in done:
            continue
        done.add(line)
        lone = re.fullmatch(r"\d{1,3}", bare) is not None
        if remove_lines(line, why) or lone and remove_last(line, why):
            removed.append(bare)
        else:
            findings.append(Finding("chrome", None, f"页面杂项 “{_short(line)}” 也出现在正文中, 未自动删除 ({why})"))
    for prefix, why in _CHROME_PREFIXES:
        if re.search(re.escape(prefix) + rf"(?=第[{NUMERAL}{DIGITS}]*条|[{NUMERAL}]+、)", text):
            remove(prefix, "", "remove_chrome", why)
    if "此处内容需要权限查看" in seed or "会员免费查看" in seed:
        findings.append(Finding("chrome", None, "页面被截断 (此处内容需要权限查看): 其后的条文可能缺失, 见编号跳跃", settle=True))
    repairs.append({"kind": "normalize_whitespace",
                    "note": "strip the trailing white space (spaces, NBSP) the page leaves on lines, fold the blank "
                            "lines left by the removals, end with one newline"})
    text = normalize_whitespace(text)
    return Cleaning(repairs, text, title, findings, removed)


# ---------------------------------------------------------------------------------------------------------
# segmentation
# ---------------------------------------------------------------------------------------------------------

_CHAPTER = re.compile(rf"^(第[{NUMERAL}{DIGITS}]+章)(?P<rest>[^。;;]{{0,30}})$")
_ARTICLE = re.compile(rf"^第(?P<num>[{NUMERAL}{DIGITS}]*)条")
_DUN = re.compile(rf"^(?P<num>[{NUMERAL}]*|[{DIGITS}]+)、")
_RESIDUE = re.compile(rf"^(?P<num>[{NUMERAL}]{{2,4}})(?![{NUMERAL}、])(?=\S)")


@dataclass(frozen=True)
class _Mark:
    line: int  # 1-based line of the cleaned text
    start: int  # offset of the line
    end: int  # offset just after the label (or the heading)
    kind: str  # "chapter" | "article"
    label: str
    numeral: str | None  # the printed numeral ("" when lost)
    exact: bool  # the label is whole: 第X条 / X、 with a numeral


@dataclass
class Segmentation:
    """The articles (as ``source.yaml`` entries), the gaps to declare, the numbering style, and the findings."""

    style: str  # "第X条" | "X、"
    articles: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    findings: list[Finding]

    @property
    def to_settle(self) -> list[Finding]:
        return [f for f in self.findings if f.settle]


def _collapse(text: str) -> str:
    return re.sub(rf"[{PAD}]+", " ", text).strip()


def _marks(text: str, style: str) -> list[_Mark]:
    marks: list[_Mark] = []
    for no, (offset, line) in enumerate(_lines(text), start=1):
        bare = line.lstrip(PAD)
        indent = len(line) - len(bare)
        heading = _CHAPTER.match(bare.rstrip(PAD))
        if heading:
            marks.append(_Mark(no, offset, offset + len(line), "chapter", _collapse(bare), None, True))
            continue
        if style == "第X条":
            m = _ARTICLE.match(bare)
            if m:
                marks.append(_Mark(no, offset, offset + indent + m.end(), "article", m.group(0), m.group("num"),
                                   bool(m.group("num"))))
            continue
        m = _DUN.match(bare)
        if m:
            marks.append(_Mark(no, offset, offset + indent + m.end(), "article", m.group(0), m.group("num"),
                               bool(m.group("num"))))
            continue
        m = _RESIDUE.match(bare)
        if m:  # a numeral whose 、 was lost (二十区政府…): a candidate, kept only where the count expects it
            marks.append(_Mark(no, offset, offset + indent + m.end(), "article", m.group(0), m.group("num"), False))
    return marks


def detect_style(text: str) -> str:
    """``第X条`` or ``X、``: whichever labels open more lines."""
    tiao = dun = 0
    for _, line in _lines(text):
        bare = line.lstrip(PAD)
        if _ARTICLE.match(bare):
            tiao += 1
        elif re.match(rf"^[{NUMERAL}]+、", bare):
            dun += 1
    return "第X条" if tiao >= dun or tiao >= 10 else "X、"


def _value(mark: _Mark) -> int | None:
    if not mark.numeral:
        return None
    try:
        return number_of(mark.numeral)
    except ValueError:
        return None


def _fits(mark: _Mark, expected: int, style: str) -> bool:
    """A damaged label that the count can take for ``expected``: the numeral lost whole (第条, 、) or in part
    (二十 or 二十、 for 二十三), or only its 、 lost (十九 for 十九、)."""
    if not mark.numeral:
        return True
    if mark.numeral[0] in DIGITS:
        return False
    full = chinese(expected)
    return len(mark.numeral) >= 2 and full.startswith(mark.numeral)


def segment(text: str, style: str | None = None) -> Segmentation:
    """The articles of the cleaned ``text``. ``style`` (``第X条`` or ``X、``) is detected when not given."""
    style = style or detect_style(text)
    marks = _marks(text, style)
    findings: list[Finding] = []
    kept: list[tuple[_Mark, int, bool]] = []  # (mark, article number, reconstructed); chapters with number 0
    gaps: list[dict[str, Any]] = []
    expected = 1
    started = False
    article_marks = [m for m in marks if m.kind == "article"]
    for index, mark in enumerate(marks):
        if mark.kind == "chapter":
            kept.append((mark, 0, False))
            continue
        value = _value(mark)
        if not started:
            if mark.exact and value == 1:
                started = True
            elif mark.exact and value is not None and not any(_value(m) == 1 and m.exact for m in article_marks):
                started = True  # the text begins after article 1: a gap from 1 below
            else:
                findings.append(Finding("preface", mark.line, f"“{mark.label}” 在第1条之前 (序言), 不作为条文", settle=False))
                continue
        if mark.exact and value == expected:
            kept.append((mark, expected, False))
            expected += 1
            continue
        if style == "X、" and _fits(mark, expected, style) or style == "第X条" and not mark.numeral:
            printed = mark.numeral or ""
            whole = printed == chinese(expected)
            kept.append((mark, expected, not whole))
            if whole:
                message = f"编号 “{mark.label}” 缺少 “、”, 计为第{expected}条"
            else:
                message = f"编号 “{mark.label}” 残缺, 按顺序计为第{expected}条 ({chinese(expected)}): 请核对"
            findings.append(Finding("lost_numeral", mark.line, message))
            expected += 1
            continue
        if value is None or not mark.exact and not (len(mark.numeral or "") >= 2 and expected < value <= expected + 9):
            continue  # a damaged label the count does not expect here: text of the article
        if value < expected:
            if style == "X、" and len(mark.numeral or "") == 1 and value < expected - 1:
                findings.append(Finding("sub_item", mark.line,
                                        f"“{mark.label}” 小于当前条号 {expected - 1}: 视为该条内的分项, 不拆分", settle=False))
            elif value == expected - 1:
                findings.append(Finding("duplicate", mark.line,
                                        f"“{mark.label}” 重复 (第{value}条已出现): 保留在第{value}条正文中, 请人工确认"))
            else:
                findings.append(Finding("out_of_order", mark.line,
                                        f"“{mark.label}” 出现在第{expected - 1}条之后, 顺序不对: 保留在该条正文中, 请人工确认"))
            continue
        # value > expected: a hole, unless the count finds the expected number further on (then this is a sub-item)
        later = [m for m in article_marks if m.start > mark.start and m.exact and _value(m) == expected]
        if style == "X、" and later:
            findings.append(Finding("sub_item", mark.line,
                                    f"“{mark.label}” 跳号, 但第{expected}条在后面 (第{later[0].line}行): 视为分项, 不拆分"))
            continue
        lost = f"{expected}" if value - 1 == expected else f"{expected}-{value - 1}"
        findings.append(Finding("gap", mark.line, f"编号从第{expected - 1}条跳到第{value}条: 第{lost}条缺失 "
                                                  f"(原文缺失、抓取丢失或编号错误), 已记为缺失条文并声明 gap, 请人工核实"))
        gaps.append({"from_article": expected, "to_article": value - 1,
                     "note": f"numbering jumps from {expected - 1} to {value} (found by rulekit new): "
                             f"lost from the source or the scrape; settle by hand"})
        at = len(kept)
        while at and kept[at - 1][0].kind == "chapter":  # the hole lies before the headings that open this article
            at -= 1
        kept[at:at] = [(_Mark(mark.line, mark.start, mark.start, "missing", "", None, False), n, True)
                       for n in range(expected, value)]
        kept.append((mark, value, False))
        expected = value + 1
    articles: list[dict[str, Any]] = []
    chapter: str | None = None
    for i, (mark, number, reconstructed) in enumerate(kept):
        if mark.kind == "chapter":
            chapter = mark.label
            stop = next((m.start for m, _, _ in kept[i + 1:] if m.kind != "missing"), len(text))
            if started and text[mark.end:stop].strip() and any(m.kind == "article" for m, _, _ in kept[:i]):
                findings.append(Finding("unsegmented", mark.line + 1,
                                        f"“{mark.label}” 之后、下一条之前有一段文字不属于任何条文 (可能是编号整个丢失的条文): "
                                        f"“{_short(text[mark.end:stop], 30)}” 请人工拆分"))
            continue
        if mark.kind == "missing":
            chapter = None  # the chapter headings inside the hole are lost too
            articles.append({"number": number, "label": None, "reconstructed": True, "chapter": None,
                             "status": "missing", "reason": MISSING_REASON, "text": ""})
            continue
        stop = next((m.start for m, _, _ in kept[i + 1:] if m.kind != "missing"), len(text))
        body = text[mark.end:stop].strip()
        label = mark.label.strip() or None
        if not body:
            findings.append(Finding("no_text", mark.line, f"“{mark.label}” 后没有正文: 请人工确认"))
        articles.append({"number": number, "label": label, "reconstructed": reconstructed, "chapter": chapter,
                         "status": "operative", "reason": None, "text": body})
    if not articles:
        findings.append(Finding("no_articles", None, f"没有找到条文 (编号样式 {style}): 请检查文本或指定 --style"))
    return Segmentation(style, articles, gaps, findings)


def split_lost_labels(text: str, seg: Segmentation) -> list[dict[str, Any]]:
    """``split_line`` repairs for the labels the page glued onto the end of the line before them (…2 日。 第六十条 …),
    one for each hole in the numbering that such a label fills. Apply them, then segment again."""
    repairs = []
    for gap in seg.gaps:
        for n in range(gap["from_article"], gap["to_article"] + 1):
            label = f"第{chinese(n)}条" if seg.style == "第X条" else f"{chinese(n)}、"
            hits = list(re.finditer(rf"([。;;:：])([{PAD}]+)({re.escape(label)})", text))
            if len(hits) != 1:
                continue
            m = hits[0]
            original = text[max(0, m.start() - 3):m.end() + 8]
            if text.count(original) != 1 or "\n" in original:
                continue
            replacement = original.replace(m.group(1) + m.group(2) + label, m.group(1) + "\n\n" + label)
            repairs.append({"kind": "split_line", "original": original, "replacement": replacement, "count": 1,
                            "note": f"{label} starts in the middle of the line before it (joined by page padding); put "
                                    f"it on its own paragraph so that the label opens a line. Only white space changes"})
    return repairs


# ---------------------------------------------------------------------------------------------------------
# source.yaml
# ---------------------------------------------------------------------------------------------------------

REPAIR_KEYS = ("kind", "original", "replacement", "count", "note")


def _quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    # make the invisible white space visible (json.dumps already escapes control characters)
    return out.replace("\u00a0", "\\u00a0").replace("\u3000", "\\u3000").replace("\u2002", "\\u2002")


def _scalar(value: Any, plain: bool = False) -> str:
    """A YAML scalar: free text is double-quoted; ids, labels and headings (plain=True) stay plain when safe."""
    import yaml

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
    return _quoted(text)


def _block(text: str, indent: str) -> str:
    if not text:
        return '""'
    if text != text.strip() or any(ch in text for ch in "\t\r") or any(line != line.rstrip() for line in text.split("\n")):
        return _quoted(text)
    return "|-\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def dump_source(repairs: list[dict[str, Any]], gaps: list[dict[str, Any]], articles: list[dict[str, Any]],
                header: list[str] | None = None, seed: str = "seed.txt", text: str = "source.txt") -> str:
    """``source.yaml`` as text, the articles' texts as literal blocks; ``header`` lines are comments on top."""
    lines = [*(header or []), f"seed: {seed}", f"text: {text}", "repairs:"]
    if not repairs:
        lines[-1] = "repairs: []"
    for repair in repairs:
        keys = [k for k in REPAIR_KEYS if k in repair]
        for j, key in enumerate(keys):
            lines.append(("  - " if j == 0 else "    ") + f"{key}: {_scalar(repair[key], plain=key == 'kind')}")
    if gaps:
        lines.append("gaps:")
        for gap in gaps:
            lines.append(f"  - from_article: {gap['from_article']}")
            lines.append(f"    to_article: {gap['to_article']}")
            lines.append(f"    note: {_scalar(gap['note'])}")
            if gap.get("questions") is not None:
                lines.append("    questions: [" + ", ".join(gap["questions"]) + "]")
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
            lines.append(f"    {key}: {_scalar(a.get(key), plain=key != 'reason')}")
        lines.append(f"    text: {_block(a['text'], '      ')}")
    return "\n".join(lines) + "\n"


def check_dump(repairs: list[dict[str, Any]], gaps: list[dict[str, Any]], articles: list[dict[str, Any]],
               dumped: str, seed: str, text: str) -> None:
    """Raise ``ValueError`` unless ``dumped`` loads back to the data and the repairs rebuild ``text`` from ``seed``."""
    import yaml

    loaded = yaml.safe_load(dumped)
    if loaded["repairs"] != repairs or (loaded.get("gaps") or []) != gaps or loaded["articles"] != articles:
        raise ValueError("source.yaml does not load back to the computed data")
    if apply_repairs(seed, loaded["repairs"]) != text:
        raise ValueError("the repairs do not rebuild the cleaned text from the seed")
    for a in articles:
        if a["status"] != "missing" and a["text"] not in text:
            raise ValueError(f"article {a['number']}: its text is not a verbatim part of the cleaned text")
