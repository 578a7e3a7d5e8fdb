"""Installs the Rust kernel for finops notebooks into .venv and warms its compiled-crate cache.

`make kernel` runs this after `cargo install evcxr_jupyter` into .venv. The kernel is evcxr with finops-core and
finops-display preloaded; it is a Jupyter kernelspec of the virtual environment (`finops-rust`, shown as
"Rust (finops)"), so `.venv/bin/jupyter` finds it and nothing outside the repository is touched.

Why the warm-up: every evcxr kernel compiles its dependencies in a crate of its own; it can never reuse the
workspace's target/. The first build of polars there takes minutes (about 4 on 2 cores at opt-level 0, 17 at
evcxr's default opt-level 2). With `:cache`, evcxr keeps the compiled crates under $XDG_CACHE_HOME/evcxr, so
once this script has run a cell once, a new kernel is ready in well under a minute.

Why the wrapper (LAUNCHER): each kernel builds its cells in a temporary directory of 1 to 5 GB, which evcxr deletes
only when it exits cleanly. Jupyter stops a kernel by killing its process group, so every kernel left one behind in
/tmp and a day of notebooks filled the disk. The launcher gives each kernel a directory named after its process,
deletes it when the kernel ends (however it ends), and deletes any a kernel left (a machine that stopped) when the
next one starts.

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


LAUNCHER = """\
#!/bin/sh
# Written by scripts/rust_kernel.py (see there): evcxr_jupyter with a build directory that does not outlive it.
set -u
base="${{TMPDIR:-/tmp}}/finops-evcxr-$(id -u)"
mkdir -p "$base"
for dir in "$base"/*; do
  [ -d "$dir" ] || continue
  kill -0 "${{dir##*/}}" 2>/dev/null || rm -rf "$dir"
done
if [ -z "${{EVCXR_TMPDIR:-}}" ]; then
  EVCXR_TMPDIR="$base/$$"
  export EVCXR_TMPDIR
  mkdir -p "$EVCXR_TMPDIR"
  # A watcher in a session of its own (Jupyter kills the kernel's process group) deletes the directory once
  # the kernel, which replaces this shell and keeps its process id, has ended.
  setsid sh -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; rm -rf "$2"' watcher $$ "$EVCXR_TMPDIR" \\
    </dev/null >/dev/null 2>&1 &
fi
exec "{evcxr}" "$@"
"""


def install() -> None:
    evcxr = VENV / "bin" / "evcxr_jupyter"
    if not evcxr.exists():
        sys.exit(f"{evcxr} is missing: run `make kernel` (it installs evcxr_jupyter with cargo)")
    CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    init = INIT.format(core=ROOT / "finops-core", display=ROOT / "finops-display")
    (CONFIG_DIR / "init.evcxr").write_text(init)
    launcher = CONFIG_DIR / "kernel.sh"
    launcher.write_text(LAUNCHER.format(evcxr=evcxr))
    launcher.chmod(0o755)
    KERNEL_DIR.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(launcher), "--control_file", "{connection_file}"],
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
