"""Every notebook runs top to bottom from a clean state, without an error output."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks" / "python").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database of its own: the notebook starts from nothing and loads the sample itself.
    monkeypatch.setenv("FINOPS_DB", str(tmp_path / "finops.db"))
    nb = nbformat.read(path, as_version=4)
    # A cell slower than the timeout fails the test instead of holding CI.
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    assert os.environ["FINOPS_DB"] == str(tmp_path / "finops.db")
