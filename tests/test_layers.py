"""The architecture is held by the import graph: a package imports only from packages below it.

    errors  <  engine  <  checker, differ  <  analyzer, server  <  cli

``checker`` (compliance checks) and ``differ`` (comparing rulebooks) stand side by side and never import each
other. Every import counts, including those inside functions (the lazy ones that keep start-up lean)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rulekit"

# Each part of the package and the parts it may import from. A new subpackage must be placed here.
ALLOWED: dict[str, set[str]] = {
    "_frozen": set(),  # @dataclass(frozen=True) compiled on first use: below everything
    "errors": {"_frozen"},
    "engine": {"_frozen", "errors"},
    "checker": {"_frozen", "errors", "engine"},
    "differ": {"_frozen", "errors", "engine"},
    "analyzer": {"_frozen", "errors", "engine", "differ"},
    "server": {"_frozen", "errors", "engine", "checker", "differ"},
    "cli": {"_frozen", "errors", "engine", "checker", "differ", "analyzer", "server"},
    # the public API and its thin re-exports sit on top
    "__init__": {"errors", "engine", "checker", "differ", "analyzer"},
    "__main__": {"cli"},
    "pytest_plugin": {"checker"},
}


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_parts(path: Path, text: str | None = None) -> set[tuple[str, int]]:
    """The parts of rulekit this file imports, with the line of each import."""
    rel = path.relative_to(PACKAGE)
    here = ["rulekit", *rel.parts[:-1]]  # the package this module is in
    found: set[tuple[str, int]] = set()
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
        for target in targets:
            parts = target.split(".")
            if parts[0] == "rulekit" and len(parts) > 1:
                found.add((parts[1], node.lineno))
            elif parts == ["rulekit"]:
                found.add(("__init__", node.lineno))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_place_in_the_layers() -> None:
    parts = {part_of(p) for p in MODULES}
    assert parts <= set(ALLOWED), f"place these in ALLOWED (tests/test_layers.py): {sorted(parts - set(ALLOWED))}"
    assert {"engine", "checker", "differ", "cli"} <= parts


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_from_lower_layers(path: Path) -> None:
    part = part_of(path)
    wrong = sorted((other, line) for other, line in imported_parts(path) if other != part and other not in ALLOWED[part])
    assert not wrong, "; ".join(f"{path.relative_to(PACKAGE)}:{line} imports rulekit.{other} ({part} may use only {sorted(ALLOWED[part])})" for other, line in wrong)


def test_the_scan_finds_upward_imports_lazy_or_not() -> None:
    """The import scan is not vacuous: in engine/, relative, absolute and function-level upward imports are found."""
    fake = PACKAGE / "engine" / "fake.py"  # never written: its text is given
    text = "from ..cli import app\nimport rulekit.differ.search\ndef f():\n    from ..checker.verdicts import check\n"
    assert imported_parts(fake, text) == {("cli", 1), ("differ", 2), ("checker", 4)}


def test_the_public_api_is_small_and_typed() -> None:
    import rulekit

    assert set(rulekit.__all__) >= {"load", "ask", "check", "diff", "compare", "Result", "Verdict", "Rulebook",
                                    "RulekitError", "InputError", "RulebookError"}
    for name in rulekit.__all__:
        assert getattr(rulekit, name) is not None
    assert callable(rulekit.check) and callable(rulekit.diff)
    import rulekit.checker.verdicts  # the subpackages never shadow the verbs
    import rulekit.differ.search

    assert callable(rulekit.check) and callable(rulekit.diff)
