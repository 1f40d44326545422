"""The deployment tests' tools, where scripts/deploy-tools-install puts them: Debian's podman,
mmdebstrap and systemd-analyze, kubectl unpacked from Debian's kubernetes-client and dclint and
checkov under .tools/, the PyPI ones beside this interpreter. Missing, a test skips naming how to
install it, except under CI=true, where that is a failure (as the browser tests do)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TOOLS = ROOT / ".tools"
BESIDE = Path(sys.executable).parent
INSTALL = "scripts/deploy-tools-install; pip install '.[deploy]'"
CONTAINERS_CONF = DEPLOY / "podman" / "containers.conf"


def tool(path: Path | str) -> Path:
    """The tool at `path` (a bare name: /usr/bin/<name>), or skip (fail under CI) saying why."""
    found = Path(path) if "/" in str(path) else Path("/usr/bin") / str(path)
    if found.exists():
        return found
    reason = f"{found} is needed ({INSTALL})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"the deployment tests cannot run under CI: {reason}")
    pytest.skip(reason)


def run(*command: object, timeout: float = 120, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    """A command with podman's project settings, bounded in time; on failure its whole output."""
    environment = {**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF), **env}
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=timeout, env=environment
    )
    if check:
        assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def rendered(overlay: str) -> str:
    """The overlay as `kubectl kustomize` (Debian's 1.20) renders it."""
    kubectl = tool(TOOLS / "kubernetes-client" / "usr" / "bin" / "kubectl")
    return run(kubectl, "kustomize", DEPLOY / "kubernetes" / overlay).stdout


def kustomize(overlay: str) -> list[dict]:
    """The overlay's manifests, parsed."""
    return [document for document in yaml.safe_load_all(rendered(overlay)) if document]


def of_kind(manifests: list[dict], kind: str) -> list[dict]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def pod_specs(manifests: list[dict]) -> list[dict]:
    """The pod templates of every workload (Deployments and Jobs)."""
    return [m["spec"]["template"]["spec"] for m in manifests if m["kind"] in ("Deployment", "Job")]


def dockerfile_user() -> str:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    return next(line.split()[1] for line in lines if line.startswith("USER "))
