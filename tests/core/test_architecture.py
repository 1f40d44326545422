"""The layering rules of docs/ARCHITECTURE.md, checked on the source: the core, the store and the jobs
never import Slack, so a second adapter (a CLI, another chat platform) can reuse them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLACK_FREE = ("bot/core", "bot/store", "bot/jobs")
FORBIDDEN = ("slack_bolt", "slack_sdk", "bot.slack")


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """Every module a file imports, as absolute names (relative imports resolved against its
    package), including imports inside functions and `__import__("...")`."""
    if package is None:
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((node.lineno, arg.value))
    return sorted(found)


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in FORBIDDEN)


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", SLACK_FREE)
def test_layer_never_imports_slack(folder: str) -> None:
    files = python_files(folder)
    assert files, f"no Python files under {folder}"
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in imported_modules(path)
        if is_forbidden(module)
    ]
    assert offences == []


def test_the_web_side_reaches_slack_only_through_the_slack_adapter() -> None:
    """bot/web is an adapter beside bot/slack: its Web API calls (sign-in, membership) go through
    bot/slack, the one place that imports the Slack SDKs."""
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("bot/web")
        for line, module in imported_modules(path)
        if module.startswith(("slack_bolt", "slack_sdk"))
    ]
    assert offences == []


def test_the_checker_sees_every_import_form(tmp_path: Path) -> None:
    """The rule above would pass vacuously if the parser missed an import form."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import slack_sdk.web\n"
        "from slack_bolt import App\n"
        "from ..slack import gateway\n"
        "def f():\n"
        "    from slack_sdk.errors import SlackApiError\n"
        "    __import__('slack_bolt')\n"
    )

    modules = [module for _, module in imported_modules(probe, package="bot.core")]

    assert [m for m in modules if is_forbidden(m)] == [
        "slack_sdk.web",
        "slack_bolt",
        "slack_bolt.App",
        "bot.slack",
        "bot.slack.gateway",
        "slack_sdk.errors",
        "slack_sdk.errors.SlackApiError",
        "slack_bolt",
    ]


def test_importing_the_core_store_and_jobs_loads_no_slack_library() -> None:
    """Transitively, too: nothing they import pulls Slack in behind their back."""
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for folder in SLACK_FREE
        for path in python_files(folder)
        if path.name != "env.py" and "migrations" not in path.parts
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('slack_bolt', 'slack_sdk') "
        "or m.startswith('bot.slack'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_only_the_slack_adapter_imports_the_slack_libraries() -> None:
    """bot/slack is the one place for slack_bolt and slack_sdk; the composition root (runtime,
    server, cli) wires the adapter in through bot.slack, never the libraries directly."""
    outside = [p for p in python_files("bot") if "slack" not in p.relative_to(ROOT / "bot").parts[:1]]
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in outside
        for line, module in imported_modules(path)
        if module.split(".")[0] in ("slack_bolt", "slack_sdk")
    ]
    assert outside and offences == []


def _module_graph() -> dict[str, set[str]]:
    """Each module of the core, store and jobs and the modules of the same layers it imports, type
    checking and function-level imports included: a cycle there is a cycle to a reader too."""
    paths = [path for folder in SLACK_FREE for path in (ROOT / folder).rglob("*.py")]
    files = {".".join(path.relative_to(ROOT).with_suffix("").parts): path for path in paths}
    names = {name.removesuffix(".__init__"): path for name, path in files.items()}
    return {
        name: {module for _, module in imported_modules(path) if module in names and module != name}
        for name, path in names.items()
    }


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one (depth first)."""
    stack, seen = [(start, [start])], set()
    while stack:
        module, path = stack.pop()
        for imported in graph[module]:
            if imported == start:
                return [*path, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*path, imported]))
    return None


def test_no_module_of_the_core_store_or_jobs_imports_itself_back() -> None:
    graph = _module_graph()
    assert "bot.core.tx" in graph and "bot.core.reminders" in graph["bot.core.desk"]
    cycles = [cycle for module in graph if (cycle := _cycle_from(module, graph))]
    assert not cycles, f"import cycles: {cycles[:3]}"
