"""Every notebook runs top to bottom from a clean state, without an error output.

Python notebooks run in the `python3` kernel, Rust ones in `finops-rust` (evcxr, installed by `make kernel`); pytest
runs them one at a time, as evcxr needs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent
NOTEBOOKS = (
    sorted(ROOT.glob("notebooks/*.ipynb"))  # the dashboard (served by Voila; here on an empty database)
    + sorted(ROOT.glob("notebooks/python/*.ipynb"))
    + sorted(ROOT.glob("notebooks/rust/*.ipynb"))
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database of its own: the notebook starts from nothing and loads the sample itself.
    monkeypatch.setenv("FINOPS_DB", str(tmp_path / "finops.db"))
    # The kernel's temporary files go here, to check that a Rust kernel leaves none behind (scripts/rust_kernel.py:
    # each one built 1 to 5 GB there and, stopped by Jupyter, used to keep it).
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata["kernelspec"]["name"]
    # A cell slower than the timeout fails the test instead of holding CI. A Rust kernel's first cell compiles
    # finops (dependencies come from evcxr's cache, warmed by `make kernel`).
    timeout = 900 if kernel == "finops-rust" else 300
    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=timeout,
        kernel_name=kernel,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if kernel == "finops-rust":
        # evcxr reports an `Err` returned through `?` on stderr, not as an error output.
        errors += [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not errors, errors
    # Every cell that ends with a chart shows a figure, in JupyterLab's MIME type and as HTML for exports.
    charts = [c for c in nb.cells if c.cell_type == "code" and "chart" in c.source.strip().splitlines()[-1]]
    for cell in charts:
        mimes = {mime for o in cell.outputs for mime in o.get("data", {})}
        assert {"application/vnd.plotly.v1+json", "text/html"} <= mimes, (cell.source, mimes)
    assert os.environ["FINOPS_DB"] == str(tmp_path / "finops.db")
    if kernel == "finops-rust":
        assert not build_directories_left(tmp_path / "tmp"), "the kernel left its build directory behind"


def build_directories_left(tmp: Path) -> list[Path]:
    """What a stopped kernel left in `tmp`, given its launcher's watcher up to three minutes to delete it: the
    first notebook after `make kernel` builds gigabytes there, and deleting them took more than 15 s on a busy
    2-core machine (the directory was gone a little later)."""
    for _ in range(360):
        left = [p for p in tmp.iterdir() if not p.name.startswith("finops-evcxr-")] + list(tmp.glob("finops-evcxr-*/*"))
        if not left:
            break
        time.sleep(0.5)
    return left
