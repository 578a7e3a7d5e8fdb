"""Shared fixtures: a fresh workspace per test, and paths to the real exports in tests/fixtures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import finops

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def ws(tmp_path: Path) -> finops.Workspace:
    return finops.Workspace(tmp_path / "finops.db")


def read_csv(path: Path) -> list[dict[str, str]]:
    """The source file read with the standard library, independently of finops."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))
