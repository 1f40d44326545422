"""The kustomize overlays, rendered by Debian's kubectl: valid against a pinned Kubernetes, and
holding the invariants a reviewer checks by eye: SQLite runs exactly one replica and never two at
once, the probes and the scrape path are routes the bot serves, the pods run as the image's user
with the restricted security context, and the postgres overlay migrates before it serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from bot.alerts.webhooks import AlertWebhooks
from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.core.policy import DEFAULT_POLICY
from bot.server import wsgi_app
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.deploy.tools import BESIDE, dockerfile_user, kustomize, of_kind, pod_specs, rendered, run, tool

OVERLAYS = ("base", "postgres")
KUBERNETES = "1.30.0"  # pinned: the schemas kubernetes-validate checks against


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_overlay_is_valid_kubernetes(overlay: str, tmp_path: Path) -> None:
    manifests = tmp_path / f"{overlay}.yaml"
    manifests.write_text(rendered(overlay))
    validate = tool(BESIDE / "kubernetes-validate")
    outcome = run(validate, "--strict", "--quiet", "--kubernetes-version", KUBERNETES, manifests, check=False)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_sqlite_means_exactly_one_replica_replaced_not_rolled(overlay: str) -> None:
    manifests = kustomize(overlay)
    (deployment,) = of_kind(manifests, "Deployment")
    if _database_url(manifests, deployment).startswith("sqlite"):
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"] == {"type": "Recreate"}
        assert of_kind(manifests, "PersistentVolumeClaim")
    else:
        assert deployment["spec"]["replicas"] >= 2
        (budget,) = of_kind(manifests, "PodDisruptionBudget")
        assert budget["spec"]["minAvailable"] < deployment["spec"]["replicas"]


def _database_url(manifests: list[dict], deployment: dict) -> str:
    """DATABASE_URL as the container sees it: its own env wins over the ConfigMap it loads."""
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    if any(variable["name"] == "DATABASE_URL" for variable in container.get("env", [])):
        return "from a Secret"
    loaded = {source["configMapRef"]["name"] for source in container["envFrom"]}
    return next(m["data"]["DATABASE_URL"] for m in of_kind(manifests, "ConfigMap") if m["metadata"]["name"] in loaded)


def test_the_postgres_replicas_leave_the_schema_to_the_migrate_job() -> None:
    manifests = kustomize("postgres")
    (deployment,) = of_kind(manifests, "Deployment")
    (job,) = of_kind(manifests, "Job")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert (container["args"], migrate["args"]) == (["run", "--no-migrate"], ["migrate"])
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0  # old pods serve meanwhile


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_probe_and_scrape_paths_are_routes_the_bot_serves(overlay: str, tmp_path: Path) -> None:
    (deployment,) = of_kind(kustomize(overlay), "Deployment")
    template = deployment["spec"]["template"]
    (container,) = template["spec"]["containers"]
    probes = {kind: container[kind]["httpGet"]["path"] for kind in ("livenessProbe", "readinessProbe")}
    assert probes == {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}
    engine = make_engine(f"sqlite:///{tmp_path / 'incidents.db'}")
    upgrade(engine)
    webhooks = AlertWebhooks(Desk(engine, SystemClock()), None, DEFAULT_POLICY.alerts)
    client = Client(wsgi_app(None, engine, None, webhooks))
    for path in (*probes.values(), template["metadata"]["annotations"]["prometheus.io/path"]):
        assert client.get(path).status_code == 200, path
    engine.dispose()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_as_the_image_s_user_with_the_restricted_context(overlay: str) -> None:
    user, group = (int(part) for part in dockerfile_user().split(":"))
    for spec in pod_specs(kustomize(overlay)):
        assert (spec["securityContext"]["runAsUser"], spec["securityContext"]["runAsGroup"]) == (user, group)
        assert spec["securityContext"]["runAsNonRoot"] is True
        for container in spec["containers"]:
            assert container["securityContext"] == {
                "runAsNonRoot": True,
                "readOnlyRootFilesystem": True,
                "allowPrivilegeEscalation": False,
                "capabilities": {"drop": ["ALL"]},
            }
