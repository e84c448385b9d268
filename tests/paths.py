"""Paths the tests share (the root conftest.py puts src/ on sys.path and sets up the test cache)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
