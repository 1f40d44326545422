"""The Dockerfile and the rendered manifests pass the linters a platform team runs on a pull request:
hadolint, and checkov with its download step off (these machines reach no bridgecrew API). A check
the manifests skip says why in a `checkov.io/skip` annotation or a `# checkov:skip` comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.tools import BESIDE, ROOT, TOOLS, rendered, run, tool

CHECKOV = TOOLS / "checkov" / "bin" / "checkov"


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    outcome = run(tool(BESIDE / "hadolint"), ROOT / "Dockerfile", check=False, timeout=60)
    assert (outcome.returncode, outcome.stdout) == (0, "")


def test_checkov_passes_the_dockerfile() -> None:
    _checkov("--framework", "dockerfile", "--file", ROOT / "Dockerfile")


@pytest.mark.parametrize("overlay", ["base", "postgres"])
def test_checkov_passes_the_rendered_manifests(overlay: str, tmp_path: Path) -> None:
    (tmp_path / f"{overlay}.yaml").write_text(rendered(overlay))
    _checkov("--framework", "kubernetes", "--directory", tmp_path)


def _checkov(*arguments: object) -> None:
    outcome = run(tool(CHECKOV), "--skip-download", "--compact", "--quiet", *arguments, check=False, timeout=300)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "Failed checks: 0" in outcome.stdout
