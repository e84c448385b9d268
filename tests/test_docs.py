"""The docs stand on their own: no reference outside the repository, and every relative link resolves."""

from __future__ import annotations

import re

import pytest

from paths import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_reference_outside_the_repository(doc) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/spec" not in text and "shared/seeds" not in text


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(doc) -> None:
    text = doc.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (doc.parent / target).exists(), f"{doc.name}: link to `{target}` does not resolve"


def test_the_guide_covers_the_walk() -> None:
    guide = (ROOT / "docs" / "NEW_RULEBOOK.md").read_text(encoding="utf-8")
    for command in ("rulekit new", "RULEKIT_PATH", "rulekit validate", "rulekit coverage", "vocabulary.yaml",
                    "rulekit test", "rulekit diff", "rulekit show"):
        assert command in guide, command
    glossary = (ROOT / "docs" / "GLOSSARY.md").read_text(encoding="utf-8")
    for term in ("签发", "审核", "批准", "委托", "以上", "以内", "工作日", "原则上"):
        assert term in glossary, term
