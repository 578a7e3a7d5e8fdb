"""Installs the Rust kernel for finops notebooks into .venv and warms its compiled-crate cache.

`make kernel` runs this after `cargo install evcxr_jupyter` into .venv. The kernel is evcxr with finops-core and
finops-display preloaded; it is a Jupyter kernelspec of the virtual environment (`finops-rust`, shown as
"Rust (finops)"), so `.venv/bin/jupyter` finds it and nothing outside the repository is touched.

Why the warm-up: every evcxr kernel compiles its dependencies in a crate of its own; it can never reuse the
workspace's target/. The first build of polars there takes minutes (about 4 on 2 cores at opt-level 0, 17 at
evcxr's default opt-level 2). With `:cache`, evcxr keeps the compiled crates under $XDG_CACHE_HOME/evcxr, so
once this script has run a cell once, a new kernel is ready in well under a minute.

python scripts/rust_kernel.py [--no-warm]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
KERNEL_NAME = "finops-rust"
KERNEL_DIR = VENV / "share" / "jupyter" / "kernels" / KERNEL_NAME
CONFIG_DIR = VENV / "share" / "finops" / "evcxr"

# opt-level 0: polars compiles in ~4 minutes instead of ~17, and the sample database (thousands of rows, a
# daily aggregate in memory) is analysed in well under a second even unoptimized. For millions of rows, run
# `:opt 2` in a cell (one slow rebuild, then cached) or use the Python package, which is built optimized by
# `make bench`.
INIT = """\
:opt 0
:cache 4096
:dep finops-core = {{ path = "{core}" }}
:dep finops-display = {{ path = "{display}" }}
"""

WARM_UP = """\
use finops_core::prelude::*;
use finops_display::evcxr::{Notebook, Table};
let warm = Filter::default();
warm.metric
"""


def install() -> None:
    evcxr = VENV / "bin" / "evcxr_jupyter"
    if not evcxr.exists():
        sys.exit(f"{evcxr} is missing: run `make kernel` (it installs evcxr_jupyter with cargo)")
    CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    init = INIT.format(core=ROOT / "finops-core", display=ROOT / "finops-display")
    (CONFIG_DIR / "init.evcxr").write_text(init)
    KERNEL_DIR.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(evcxr), "--control_file", "{connection_file}"],
        "display_name": "Rust (finops)",
        "language": "rust",
        "interrupt_mode": "message",
        "env": {"EVCXR_CONFIG_DIR": str(CONFIG_DIR)},
    }
    (KERNEL_DIR / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    print(f"kernel {KERNEL_NAME!r} installed in {KERNEL_DIR}")


def warm() -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(WARM_UP)]
    started = time.monotonic()
    print("compiling finops-core, finops-display and polars in the kernel's cache (minutes, once) ...", flush=True)
    client = NotebookClient(nb, timeout=3600, startup_timeout=3600, kernel_name=KERNEL_NAME)
    client.execute()
    outputs = nb.cells[0].get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if errors:
        sys.exit(f"the Rust kernel failed to compile finops: {errors}")
    print(f"kernel ready ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    install()
    if "--no-warm" not in sys.argv:
        warm()
