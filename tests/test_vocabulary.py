"""The project's vocabulary honours the public contract's: every id there is here, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rulekit.engine.vocabulary import VOCABULARY_PATH
from paths import ROOT

CONTRACT = ROOT.parent / "shared" / "spec" / "vocabulary.yaml"


@pytest.mark.skipif(not CONTRACT.exists(), reason="the contract's vocabulary.yaml is not beside this checkout")
def test_vocabulary_extends_the_contract_without_renaming() -> None:
    ours = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))
    theirs = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    for section in ("rulebooks", "roles", "meetings"):
        for key, value in theirs[section].items():
            assert ours[section].get(key) == value, f"{section}.{key} changed"
    for qid, q in theirs["questions"].items():
        mine = ours["questions"][qid]
        assert mine["answer"] == q["answer"], qid
        for fact, spec in q["facts"].items():
            assert mine["facts"][fact]["type"] == spec["type"], f"{qid}.{fact}"
            for value, label in (spec.get("values") or {}).items():
                assert mine["facts"][fact]["values"][value] == label, f"{qid}.{fact}.{value}"
