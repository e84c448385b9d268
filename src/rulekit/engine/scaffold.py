"""``rulekit new``: a rulebook folder from a scraped page, in one step.

``scaffold(seed, rb_id)`` computes the files (nothing is written): ``seed.txt`` as given, ``source.txt`` (the
seed with the page chrome stripped), ``source.yaml`` (those repairs, the gaps and the articles, segmented by
``segment``), ``rulebook.yaml`` (metadata and local titles guessed from the text, no rules, every article
listed under ``unencoded`` with the reason "not yet encoded") and an empty ``cases.yaml``. ``create(folder,
source_file)`` writes them into a new folder, all or nothing, after checking that the result validates.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .segment import Cleaning, Finding, Segmentation, check_dump, clean, dump_source, segment, split_lost_labels
from .source import apply_repairs

__all__ = ["NOT_YET", "Scaffold", "create", "guess_titles", "scaffold"]

NOT_YET = "not yet encoded"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_SOURCE = 5_000_000  # bytes: a work-rules page is some 100 KB


@dataclass
class Scaffold:
    """The files of a new rulebook folder, and what was done and found on the way."""

    id: str
    name: str
    files: dict[str, str | bytes]
    cleaning: Cleaning
    segmentation: Segmentation
    titles: dict[str, str]
    jurisdiction: dict[str, Any]
    date: str | None
    repairs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.cleaning.findings + self.segmentation.findings

    def to_dict(self) -> dict[str, Any]:
        arts = self.segmentation.articles
        return {
            "id": self.id, "name": self.name, "jurisdiction": self.jurisdiction, "date": self.date,
            "style": self.segmentation.style, "articles": len(arts),
            "missing": sum(a["status"] == "missing" for a in arts),
            "chapters": len({a["chapter"] for a in arts if a["chapter"]}),
            "titles": self.titles,
            "repairs": [{"kind": r["kind"], "note": r.get("note")} for r in self.repairs],
            "findings": [f.to_dict() for f in self.findings],
            "to_settle": sum(f.settle for f in self.findings),
        }


# ---------------------------------------------------------------------------------------------------------
# guesses from the text
# ---------------------------------------------------------------------------------------------------------

_LEVEL = {"县": "county", "旗": "county", "区": "district", "市": "city", "局": "bureau"}


def _unit(text: str) -> str:
    """县, 区, 市, 旗 or 局: whose head (县长, 区长 …) the text names most often."""
    counts = Counter({u: text.count(f"{u}长") for u in "县区市旗局"})
    unit, n = counts.most_common(1)[0]
    return unit if n else "县"


def guess_titles(text: str) -> dict[str, str]:
    """Local titles of the shared roles that the text uses (县长, 常务副县长, 县政府办公室主任 …): a guess to check."""
    u = _unit(text)
    gov = "局" if u == "局" else f"{u}政府"
    candidates: dict[str, list[str]] = {
        "head": [f"{u}长"],
        "executive_deputy": [f"常务副{u}长", f"负责常务工作的副{u}长", f"分管常务工作的副{u}长"],
        "deputy_in_charge": [f"分管副{u}长", f"主管副{u}长", f"{gov}分管领导", "分管领导"],
        "deputy": [f"副{u}长"],
        "assistant_head": [f"{u}长助理"],
        "office_director": [f"{gov}办公室主任", f"{gov}办主任", "办公室主任"],
        "office_deputy_director": [f"{gov}办公室副主任", "办公室副主任"],
        "department_head": ["部门主要负责人"],
        "legal_office": ["司法局", f"{gov}法制机构", "法制办公室"],
        "county_government": [] if u == "局" else [gov],
        "party_committee": [] if u == "局" else [f"{u}委"],
        "city_government": [] if u == "市" else ["市政府"],
        "peoples_congress": [f"{u}人大常委会", "人大常委会"] if u != "局" else [],
        "plenary_meeting": [f"{gov}全体会议"],
        "standing_meeting": [f"{gov}常务会议"],
    }
    titles = {}
    for role, options in candidates.items():
        found = next((t for t in options if t in text), None)
        if found:
            titles[role] = found
    return titles


def _jurisdiction(title: str | None, text: str) -> dict[str, Any]:
    u = _unit(text)
    level = _LEVEL[u]
    m = re.match(r"^(?P<parent>[^市县区旗]{1,6}市)?(?P<name>[^市县区旗]{1,8}[县区旗市])人民政府", title or "")
    if m:
        return {"name": m.group("name"), "level": _LEVEL.get(m.group("name")[-1], level), "parent": m.group("parent")}
    return {"name": f"{u}(未具名)", "level": level, "parent": None}


def _date(cleaning: Cleaning) -> str | None:
    for line in cleaning.removed:
        m = re.search(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})", line)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1949 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# ---------------------------------------------------------------------------------------------------------
# the files
# ---------------------------------------------------------------------------------------------------------

def _yaml_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _rulebook_yaml(s: Scaffold, source_name: str) -> str:
    j = s.jurisdiction
    name = j["name"] if "未具名" not in j["name"] else None
    aliases = [a for a in dict.fromkeys([name, name[:-1] if name and len(name) > 2 else None,
                                         (j["parent"] or "") + name if name and j["parent"] else None]) if a]
    lines = [
        f"# {s.name}: created by `rulekit new` from {source_name}.",
        "# The jurisdiction, date and titles below are guessed from the text: check them. Every article is listed",
        "# under `unencoded` as \"not yet encoded\": when you encode an article, remove its entry there (or give the",
        "# real reason it has no rules). `rulekit validate` checks the file, `rulekit coverage` shows the progress.",
        f"id: {s.id}",
        f"name: {_yaml_str(s.name)}",
        "aliases: [" + ", ".join(_yaml_str(a) for a in aliases) + "]",
        "jurisdiction: {name: " + _yaml_str(j["name"]) + f", level: {j['level']}, parent: "
        + (_yaml_str(j["parent"]) if j["parent"] else "null") + "}",
        f"date: {s.date or 'null'}" + ("   # from the page's publication line: check" if s.date else ""),
        "source: source.yaml",
        "",
    ]
    if s.titles:
        lines.append("titles:   # the local title of each shared role this text uses (`rulekit questions` lists the roles)")
        lines += [f"  {role}: {_yaml_str(title)}" for role, title in s.titles.items()]
    else:
        lines.append("titles: {}   # the local title of each shared role this text uses")
    lines += ["", "rules: []", "", "unencoded:"]
    operative = [a for a in s.segmentation.articles if a["status"] == "operative"]
    lines += [f"  - {{article: {a['number']}, reason: {NOT_YET}}}" for a in operative]
    if not operative:
        lines[-1] = "unencoded: []"
    return "\n".join(lines) + "\n"


CASES = """\
# The test suite of this rulebook, run by `rulekit test` and by pytest (rulekit's plugin): one record per case,
# e.g.
# - name: 常务会议由谁主持
#   rulebook: {id}
#   question: meeting.presider
#   facts: {meeting: standing}
#   expect: head
#   cite: [12]
[]
"""


def _read_seed(raw: bytes, where: str) -> str:
    if len(raw) > _MAX_SOURCE:
        raise InputError(f"`{where}` is {len(raw)} bytes: a work-rules page is far smaller (limit {_MAX_SOURCE})",
                         item=where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"`{where}` is not UTF-8 text (byte {exc.start})", item=where,
                         help="convert it first, e.g. `iconv -f GB18030 -t UTF-8`") from None
    if "\x00" in text:
        raise InputError(f"`{where}` is not a text file (it holds NUL bytes)", item=where)
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text reads seed.txt back


def scaffold(seed: str | bytes, rb_id: str, *, name: str | None = None, style: str | None = None,
             source_name: str = "the scraped page") -> Scaffold:
    """The files of a new rulebook (nothing is written). ``seed``: the scraped page, as text or bytes."""
    if not _ID.match(rb_id):
        raise InputError(f"`{rb_id}` is not a rulebook id", item=rb_id,
                         help="an id is lowercase ASCII letters, digits and _, starting with a letter (e.g. `anping`)")
    if style not in (None, "第X条", "X、"):
        raise InputError(f"unknown numbering style `{style}`", item=style, help="accepted: `第X条`, `X、`")
    source_name = re.sub(r"[\x00-\x1f\x7f]", "?", source_name)  # it goes into YAML comments
    raw = seed.encode("utf-8") if isinstance(seed, str) else seed
    text = _read_seed(raw, source_name)
    cleaning = clean(text)
    seg = segment(cleaning.text, style)
    repairs = list(cleaning.repairs)
    split = split_lost_labels(cleaning.text, seg)
    if split:  # labels glued to the line before them: split them off, then segment again
        repairs += split
        cleaning.text = apply_repairs(cleaning.text, split)
        seg = segment(cleaning.text, seg.style)
        cleaning.findings += [Finding("chrome", None, f"“{r['original'].strip()}”: 条文编号接在上一行末尾, 已拆为新段落 "
                                                      f"(split_line)", settle=False) for r in split]
    title = name or cleaning.title
    if not title:
        raise InputError(f"no title found at the top of {source_name}", item=source_name,
                         help="give the rulebook's name with --name (e.g. --name 某某县人民政府工作规则)")
    s = Scaffold(rb_id, title, {}, cleaning, seg, guess_titles(cleaning.text),
                 _jurisdiction(title, cleaning.text), _date(cleaning), repairs)
    header = [f"# Made by `rulekit new` from {source_name}: the repairs strip the page chrome; the articles are segmented",
              "# automatically. Check the statuses (non_operative needs a reason) and what the report asked you to settle."]
    source_yaml = dump_source(repairs, seg.gaps, seg.articles, header=header)
    check_dump(repairs, seg.gaps, seg.articles, source_yaml, text, cleaning.text)
    s.files = {"seed.txt": raw, "source.txt": cleaning.text, "source.yaml": source_yaml,
               "rulebook.yaml": _rulebook_yaml(s, source_name), "cases.yaml": CASES.replace("{id}", rb_id)}
    return s


def create(folder: str | Path, source_file: str | Path, *, rb_id: str | None = None, name: str | None = None,
           style: str | None = None) -> Scaffold:
    """Write a new rulebook folder from ``source_file``; all or nothing, and only when the result validates.

    Raise ``InputError`` when the folder exists (and is not empty), the source cannot be read, or the id is bad."""
    folder = Path(folder)
    source_file = Path(source_file)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"`{folder}` already exists and is not empty: nothing was written", item=str(folder),
                         help="choose a new folder; `rulekit new` never overwrites")
    try:
        raw = source_file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read `{source_file}`: {exc.strerror or exc}", item=str(source_file)) from None
    rb_id = rb_id or folder.resolve().name.lower().replace("-", "_")
    s = scaffold(raw, rb_id, name=name, style=style, source_name=source_file.name)
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    try:
        for file, content in s.files.items():
            if isinstance(content, bytes):
                (tmp / file).write_bytes(content)
            else:
                with open(tmp / file, "w", encoding="utf-8", newline="") as fh:
                    fh.write(content)
        from .rulebook import validate

        problems = validate(tmp / "rulebook.yaml")
        if problems:  # a defect of rulekit new itself: say so, write nothing
            raise InputError("the new rulebook does not validate (a bug in `rulekit new`, please report it): "
                             + problems[0].render(), item=str(folder))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # as an ordinary new folder (mkdtemp makes it private)
        if folder.exists():
            folder.rmdir()
        os.replace(tmp, folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return s
