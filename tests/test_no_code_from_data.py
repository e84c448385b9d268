"""No code is ever loaded from data: nothing in src/ unpickles, evals, execs, compiles source, imports by a
computed name, or reads YAML with a loader that can build Python objects.

The scan reads the syntax tree of every module (so a docstring that mentions pickle is fine) and, as a
second net, greps the source text for the modules that deserialise code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from paths import ROOT

SRC = ROOT / "src" / "rulekit"
CODE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle", "joblib"}
CODE_BUILTINS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}
UNSAFE_LOADERS = {"Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader", "FullLoader", "CFullLoader",
                  "Constructor", "UnsafeConstructor", "FullConstructor"}


def offences(source: str) -> list[str]:
    """What in ``source`` could run code taken from data, as ``line: what``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names if a.name.split(".")[0] in CODE_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in CODE_MODULES:
                found.append(f"{line}: from {node.module} import")
            if node.module == "yaml":
                found += [f"{line}: from yaml import {a.name}" for a in node.names if a.name in UNSAFE_YAML | UNSAFE_LOADERS]
            if node.module == "importlib":
                found += [f"{line}: from importlib import {a.name}" for a in node.names if a.name == "import_module"]
        elif isinstance(node, ast.Call):
            fn = node.func
            if isinstance(fn, ast.Name) and fn.id in CODE_BUILTINS:
                found.append(f"{line}: {fn.id}()")
            if isinstance(fn, ast.Attribute) and fn.attr == "import_module":
                found.append(f"{line}: import_module()")
            if isinstance(fn, ast.Attribute) and fn.attr in CODE_BUILTINS and isinstance(fn.value, ast.Name) \
                    and fn.value.id == "builtins":
                found.append(f"{line}: builtins.{fn.attr}()")
            if isinstance(fn, ast.Attribute) and fn.attr in UNSAFE_YAML and _is_yaml(fn.value):
                loader = next((k.value for k in node.keywords if k.arg == "Loader"), node.args[1] if len(node.args) > 1 else None)
                if loader is None or not _safe_loader(loader):
                    found.append(f"{line}: yaml.{fn.attr}() without a safe loader")
        elif isinstance(node, ast.Attribute) and _is_yaml(node.value) and node.attr in UNSAFE_LOADERS:
            found.append(f"{line}: yaml.{node.attr}")
    return found


def _is_yaml(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("yaml", "_yaml", "ruamel")


def _safe_loader(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return "Safe" in name or name in ("_Loader", "EventLoader", "loader")  # the project's own names for SafeLoader


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_can_run_code_from_data(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert offences(source) == [], f"{module.relative_to(ROOT)}"
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\b(import|from)\s+(pickle|cPickle|_pickle|marshal|shelve|dill|cloudpickle)\b", code)
    assert not re.search(r"\b(pickle|marshal)\.(load|loads)\(", code)


@pytest.mark.parametrize("snippet", [
    "import pickle", "from pickle import loads", "import marshal as m", "import shelve", "import dill",
    "eval('1')", "exec(text)", "compile(src, 'f', 'exec')", "__import__(name)", "importlib.import_module(name)",
    "from importlib import import_module", "yaml.load(text)", "yaml.load(text, Loader=yaml.Loader)",
    "yaml.unsafe_load(text)", "yaml.full_load(text)", "yaml.load(text, yaml.FullLoader)", "x = yaml.UnsafeLoader",
    "from yaml import load", "import builtins; builtins.eval('1')",
])
def test_the_scan_catches_each_way(snippet: str) -> None:
    assert offences(snippet)


@pytest.mark.parametrize("snippet", [
    "yaml.safe_load(text)", "yaml.load(text, Loader=yaml.SafeLoader)", "yaml.load(t, Loader=yaml.CSafeLoader)",
    "yaml.compose(text, Loader=_Loader)", "re.compile('x')", "json.loads(data)", "'''pickle is not used'''",
])
def test_the_scan_lets_safe_code_be(snippet: str) -> None:
    assert offences(snippet) == []


def test_the_scan_reads_every_package() -> None:
    packages = {p.relative_to(SRC).parts[0] for p in MODULES if len(p.relative_to(SRC).parts) > 1}
    assert {"engine", "checker", "differ", "cli"} <= packages
