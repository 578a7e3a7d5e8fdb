# syntax=docker/dockerfile:1
# finops in one image: JupyterLab with the Python and the Rust (evcxr) kernels, and the Voila dashboard.
#
#   docker build -t finops:0.1.0 .
#   docker run -p 8888:8888 -v "$PWD/data:/app/data" finops:0.1.0              JupyterLab (the default command)
#   docker run -p 8866:8866 -v "$PWD/data:/app/data" finops:0.1.0 \
#       voila notebooks/dashboard.ipynb --no-browser --port=8866 --Voila.ip=0.0.0.0     the dashboard
#
# docker-compose.yml and deploy/k8s/ run both. The database is /app/data/finops.db: mount a volume there.
# `make lint-deploy` lints this file (hadolint); the image itself is not built by `make test`.

# The Rust toolchain, once: it builds the wheel and evcxr, and the runtime needs it too (evcxr compiles every
# notebook cell with cargo). rust-src: evcxr reads the standard library's source for completions and types.
FROM rust:1.95-slim-bookworm AS toolchain
RUN rustup component add rust-src

FROM toolchain AS builder
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/maturin \
    && /opt/maturin/bin/pip install --no-cache-dir maturin==1.16.0
# evcxr before the sources: this slow layer (about 9 minutes on 2 cores) survives every edit to finops.
RUN cargo install evcxr_jupyter --version 0.22.0 --locked --root /opt/evcxr
WORKDIR /src
COPY Cargo.toml Cargo.lock pyproject.toml README.md ./
COPY finops-core finops-core
COPY finops-display finops-display
COPY finops-py finops-py
COPY python python
COPY vendor vendor
# One abi3 wheel (CPython 3.9+), release profile, the versions of Cargo.lock.
RUN /opt/maturin/bin/maturin build --release --locked --out /dist

FROM python:3.11-slim-bookworm AS runtime
# gcc and libc6-dev: evcxr links each cell, and rusqlite's bundled SQLite is C. tini reaps the compilers and
# kernels Jupyter starts and forwards signals. Debian's stable versions move with point releases, so they are
# not pinned (DL3008): the base image's tag fixes the release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1000 finops \
    && useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash finops \
    && install -d -o 1000 -g 1000 /app /app/data
COPY --from=toolchain /usr/local/rustup /usr/local/rustup
COPY --from=toolchain /usr/local/cargo/bin /usr/local/cargo/bin

# CARGO_HOME is the user's: evcxr's cargo keeps the registry and the crates it downloads there.
ENV HOME=/home/finops \
    RUSTUP_HOME=/usr/local/rustup \
    CARGO_HOME=/home/finops/.cargo \
    PATH=/app/.venv/bin:/usr/local/cargo/bin:$PATH \
    VIRTUAL_ENV=/app/.venv \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FINOPS_DB=/app/data/finops.db
WORKDIR /app
USER 1000:1000

# /app/.venv, as in a checkout: scripts/rust_kernel.py installs the Rust kernel into <root>/.venv.
COPY --chown=1000:1000 deploy/requirements-image.txt /tmp/requirements-image.txt
RUN python -m venv /app/.venv \
    && pip install --no-cache-dir -r /tmp/requirements-image.txt
COPY --from=builder --chown=1000:1000 /opt/evcxr/bin/evcxr_jupyter /app/.venv/bin/evcxr_jupyter
# The wheel is mounted, not copied: it stays out of the image's layers. --no-deps: its one dependency, polars,
# is pinned in requirements-image.txt.
RUN --mount=type=bind,from=builder,source=/dist,target=/tmp/dist \
    pip install --no-cache-dir --no-deps /tmp/dist/finops-*.whl

# What the Rust kernel's init.evcxr points at: finops-core and finops-display, with the workspace manifest they
# inherit from and the members and patch it names. Then the kernelspec "Rust (finops)" and one compile of finops
# and polars into evcxr's cache (~/.cache/evcxr), so that a new kernel is ready in about a minute, not five.
COPY --chown=1000:1000 Cargo.toml Cargo.lock ./
COPY --chown=1000:1000 finops-core finops-core
COPY --chown=1000:1000 finops-display finops-display
COPY --chown=1000:1000 finops-py finops-py
COPY --chown=1000:1000 vendor vendor
COPY --chown=1000:1000 scripts/rust_kernel.py scripts/rust_kernel.py
RUN python scripts/rust_kernel.py
COPY --chown=1000:1000 notebooks notebooks
# Voila reads its settings from the working directory: the websocket limit that lets an upload over 10 MiB through.
COPY --chown=1000:1000 voila.json voila.json

# 8888 JupyterLab, 8866 the Voila dashboard.
EXPOSE 8888 8866
# Checks JupyterLab (the default command; /api answers without a token). The dashboard's checks are in
# docker-compose.yml and deploy/k8s/deployment.yaml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8888/api', timeout=4)"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
