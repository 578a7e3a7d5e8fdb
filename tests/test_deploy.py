"""The deployment files agree with each other and with finops: what no linter sees.

`make lint-deploy` checks each file against its own schema (hadolint, the Compose Specification, Kubernetes' API).
These tests check the files against each other: the ports and commands the image runs are the ones Compose and
Kubernetes publish and probe, the database is on the volume, the Secret holds the variable finops reads, the
dashboard is Voila on notebooks/dashboard.ipynb. Offline; kubectl is used only to render the kustomization.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
DASHBOARD_NOTEBOOK = "notebooks/dashboard.ipynb"


def dockerfile(all_stages: bool = False) -> list[tuple[str, str]]:
    """The runtime stage's instructions (after the last FROM), or every stage's, as (KEYWORD, arguments)."""
    instructions: list[tuple[str, str]] = []
    current = ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        keyword, _, arguments = (current + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions if all_stages else instructions[last_from:]


def instruction(keyword: str, all_stages: bool = False) -> list[str]:
    return [arguments for k, arguments in dockerfile(all_stages) if k == keyword]


def image_env() -> dict[str, str]:
    return dict(item.split("=", 1) for arguments in instruction("ENV") for item in shlex.split(arguments))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def manifests() -> dict[str, dict]:
    """Every Kubernetes resource in deploy/k8s by kind/name (kustomization.yaml is not one)."""
    resources = {}
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            for doc in yaml.safe_load_all(path.read_text()):
                resources[f"{doc['kind']}/{doc['metadata']['name']}"] = doc
    return resources


def pod() -> dict:
    deployments = [r for r in manifests().values() if r["kind"] == "Deployment"]
    assert len(deployments) == 1, "one Deployment: one pod opens the SQLite database"
    return deployments[0]["spec"]["template"]


def containers() -> dict[str, dict]:
    return {c["name"]: c for c in pod()["spec"]["containers"]}


def container_port(container: dict, port: int | str) -> int:
    """A probe's or a Service's port (a number or a port name) as the container's port number."""
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    if isinstance(port, str):
        assert port in ports, f"{container['name']} has no port named {port!r}"
        return ports[port]
    return port


def port_option(command: list[str]) -> int:
    (value,) = [arg.split("=", 1)[1] for arg in command if arg.startswith("--port=")]
    return int(value)


def published_port(service: dict) -> int:
    """The container side of a Compose service's one published port ("127.0.0.1:8888:8888")."""
    (mapping,) = service["ports"]
    return int(str(mapping).rsplit(":", 1)[-1])


def url_port(healthcheck: dict) -> int:
    (url,) = re.findall(r"https?://[^'\" ]+", " ".join(healthcheck["test"]))
    return urlparse(url).port


def finops_variables() -> set[str]:
    """The settings finops reads, from finops-core's config.rs (`lookup("NAME")`)."""
    source = (ROOT / "finops-core" / "src" / "infra" / "config.rs").read_text()
    return set(re.findall(r'lookup\("([A-Z_]+)"\)', source))


def dotenv_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def under(path: str, directory: str) -> bool:
    return PurePosixPath(directory) in PurePosixPath(path).parents


def test_the_image_exposes_what_compose_and_kubernetes_serve():
    exposed = {int(port) for arguments in instruction("EXPOSE") for port in arguments.split()}
    assert exposed == {published_port(s) for s in compose()["services"].values()}
    assert exposed == {p["containerPort"] for c in containers().values() for p in c["ports"]}


def test_lab_is_the_image_command_everywhere():
    (cmd,) = instruction("CMD")
    image_cmd = json.loads(cmd)
    lab = compose()["services"]["lab"]
    assert image_cmd[:2] == ["jupyter", "lab"] and "--ip=0.0.0.0" in image_cmd
    assert lab["command"] == image_cmd
    assert containers()["lab"]["args"] == image_cmd
    assert port_option(image_cmd) == published_port(lab) == containers()["lab"]["ports"][0]["containerPort"]


def test_the_dashboard_is_voila_on_the_dashboard_notebook_everywhere():
    command = compose()["services"]["dashboard"]["command"]
    assert command[:2] == ["voila", DASHBOARD_NOTEBOOK] and "--Voila.ip=0.0.0.0" in command
    assert containers()["dashboard"]["args"] == command
    assert "command" not in containers()["dashboard"], "args only: the image's entrypoint (tini) stays"
    assert port_option(command) == published_port(compose()["services"]["dashboard"])
    assert port_option(command) == containers()["dashboard"]["ports"][0]["containerPort"]


def test_the_dashboard_notebook_is_in_the_image():
    assert (ROOT / DASHBOARD_NOTEBOOK).is_file(), f"Voila serves {DASHBOARD_NOTEBOOK}"
    assert any(arguments.split()[-2:] == ["notebooks", "notebooks"] for arguments in instruction("COPY"))


def test_the_dashboard_settings_are_in_the_image_where_voila_reads_them():
    # Voila reads voila.json from its working directory; without it an upload over 10 MiB drops the connection.
    settings = json.loads((ROOT / "voila.json").read_text())
    assert settings["Voila"]["tornado_settings"]["websocket_max_message_size"] > 10 * 2**20
    workdir = PurePosixPath(instruction("WORKDIR")[-1])
    copied = [shlex.split(arguments) for arguments in instruction("COPY")]
    targets = {workdir / args[-1] for args in copied if args[-2] == "voila.json"}
    assert targets == {workdir / "voila.json"}


def test_health_checks_probe_the_port_each_server_listens_on():
    (healthcheck,) = instruction("HEALTHCHECK")
    (url,) = re.findall(r"https?://[^'\" ]+", healthcheck)
    assert urlparse(url).port == port_option(json.loads(instruction("CMD")[0])), "the image checks its default command"
    for name, service in compose()["services"].items():
        assert url_port(service["healthcheck"]) == port_option(service["command"]), name
    for name, container in containers().items():
        for probe in ("readinessProbe", "livenessProbe"):
            port = container_port(container, container[probe]["httpGet"]["port"])
            assert port == port_option(container["args"]), f"{name} {probe}"


def test_the_database_is_on_the_volume():
    assert under(image_env()["FINOPS_DB"], "/app/data")
    for name, service in compose()["services"].items():
        assert "./data:/app/data" in service["volumes"], name
        assert under(service["environment"]["FINOPS_DB"], "/app/data"), name
    config = manifests()["ConfigMap/finops-config"]["data"]
    volumes = {v["name"]: v for v in pod()["spec"]["volumes"]}
    pvcs = [name for name, r in manifests().items() if r["kind"] == "PersistentVolumeClaim"]
    for name, container in containers().items():
        assert {"configMapRef": {"name": "finops-config"}} in container["envFrom"], name
        (mount,) = [m for m in container["volumeMounts"] if under(config["FINOPS_DB"], m["mountPath"])]
        claim = volumes[mount["name"]]["persistentVolumeClaim"]["claimName"]
        assert f"PersistentVolumeClaim/{claim}" in pvcs, name


def test_one_pod_writes_the_database():
    (deployment,) = [r for r in manifests().values() if r["kind"] == "Deployment"]
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["type"] == "Recreate"
    for name, pvc in manifests().items():
        if pvc["kind"] == "PersistentVolumeClaim":
            assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"], name


def test_the_secret_holds_the_key_finops_reads():
    assert "OPENAI_API_KEY" in finops_variables()
    secrets = {name: r for name, r in manifests().items() if r["kind"] == "Secret"}
    for name, container in containers().items():
        (ref,) = [e["valueFrom"]["secretKeyRef"] for e in container["env"] if e["name"] == "OPENAI_API_KEY"]
        assert ref["key"] == "OPENAI_API_KEY" and ref["optional"] is True, name
        assert ref["key"] in secrets[f"Secret/{ref['name']}"]["stringData"], name
    for name, secret in secrets.items():
        assert set(secret["stringData"]) <= finops_variables(), name
        assert all(value == "" for value in secret["stringData"].values()), f"{name} is a template: no real secret"


def test_settings_are_the_ones_finops_reads():
    config = manifests()["ConfigMap/finops-config"]["data"]
    assert set(config) <= finops_variables()
    example = dotenv_example()
    assert finops_variables() <= set(example), "every finops setting is documented in .env.example"
    assert set(example) - finops_variables() <= {"JUPYTER_TOKEN"}
    assert example["OPENAI_API_KEY"] == ""
    (env_file,) = compose()["x-finops"]["env_file"]
    assert env_file == {"path": ".env", "required": False}


def test_the_services_reach_the_pod():
    template = pod()
    (deployment,) = [r for r in manifests().values() if r["kind"] == "Deployment"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= template["metadata"]["labels"].items()
    services = [r for r in manifests().values() if r["kind"] == "Service"]
    assert len(services) == len(containers())
    served = set()
    for service in services:
        assert service["spec"]["selector"].items() <= template["metadata"]["labels"].items()
        for port in service["spec"]["ports"]:
            owners = [c for c in containers().values() if port["targetPort"] in {p["name"] for p in c["ports"]}]
            assert len(owners) == 1, f"{service['metadata']['name']}: {port['targetPort']!r}"
            assert port["port"] == container_port(owners[0], port["targetPort"])
            served.add(owners[0]["name"])
    assert served == set(containers())


def test_the_pod_runs_as_the_image_user():
    (user,) = instruction("USER")
    uid, gid = (int(part) for part in user.split(":"))
    security = pod()["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True and uid != 0
    assert (security["runAsUser"], security["runAsGroup"], security["fsGroup"]) == (uid, gid, gid)


def test_the_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert kustomization["kind"] == "Kustomization"
    files = {p.name for p in K8S.glob("*.y*ml")} - {"kustomization.yaml"}
    assert sorted(kustomization["resources"]) == sorted(files)
    # The image Compose builds is the one the pod runs, and the kustomization's override applies to it.
    (image,) = kustomization["images"]
    for name, container in containers().items():
        assert container["image"] == compose()["x-finops"]["image"], name
        assert container["image"].split(":")[0] == image["name"], name


def test_the_build_context_keeps_local_state_and_secrets_out():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", "target/", ".venv/", "data/", "**/*.so"} <= ignored
    for arguments in instruction("COPY", all_stages=True):
        if "--from=" not in arguments:
            for source in arguments.split()[:-1]:
                if not source.startswith("--"):
                    assert (ROOT / source).exists(), f"COPY {source}: no such file"
                    assert PurePosixPath(source).parts[0] + "/" not in ignored, f"COPY {source} is .dockerignored"


def test_the_image_runs_the_versions_development_tests():
    def requirements(path: Path) -> dict[str, Requirement]:
        lines = [line.strip() for line in path.read_text().splitlines()]
        reqs = [Requirement(line) for line in lines if line and not line.startswith("#")]
        return {r.name.lower(): r for r in reqs}

    image = requirements(ROOT / "deploy" / "requirements-image.txt")
    assert {"jupyterlab", "voila", "ipykernel", "ipywidgets", "plotly", "polars"} <= set(image)
    for name, requirement in image.items():
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{name} is pinned in the image"
        development = requirements(ROOT / "requirements-dev.txt").get(name)
        if development is not None:
            assert development.specifier.contains(spec.version), f"{name}: {spec} against {development}"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl renders the kustomization")
def test_the_kustomization_renders_valid_resources():
    kubernetes_validate = pytest.importorskip("kubernetes_validate.utils")
    (version,) = re.findall(r"^K8S_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    rendered = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, check=True)
    docs = [doc for doc in yaml.safe_load_all(rendered.stdout) if doc]
    assert sorted(f"{d['kind']}/{d['metadata']['name']}" for d in docs) == sorted(manifests())
    for doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)
