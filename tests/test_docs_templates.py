"""CONTRIBUTING's table of template variables names every variable the code passes to each
template: rendered through the real call sites with a TemplateSet that records what it is given."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from bot.slack.messages import Messages
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.core.factory import declare
from tests.slack.views import at, event, incident

ROOT = Path(__file__).resolve().parent.parent


class Recording(TemplateSet):
    def __init__(self) -> None:
        super().__init__()
        self.given: dict[str, set[str]] = {}

    def render(self, template: str, /, **context: Any) -> str:
        self.given.setdefault(template, set()).update(context)
        return super().render(template, **context)


def _documented() -> dict[str, str]:
    """template → its row of CONTRIBUTING's table."""
    text = (ROOT / "CONTRIBUTING.md").read_text().split("## Add a template")[1].split("\n## ")[0]
    rows: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            names, variables = line.split(" | ", 1)
            same = re.match(r"those of `([\w/.]+)`", variables)  # a row may begin with another's variables
            for name in re.findall(r"`([\w/.]+\.j2)`", names):
                rows[name] = variables + (rows[same.group(1)] if same else "")
    return rows


def test_every_variable_a_template_gets_is_in_contributing(tmp_path: Path) -> None:
    templates = Recording()
    messages = Messages(templates)
    messages.declared(incident())
    for kind in ("update", "resolved"):
        messages.event(incident(), event(at(5), kind, "Rolled back", status="investigating"), announce=True)
    messages.delayed(timedelta(minutes=10))
    engine = make_engine(f"sqlite:///{tmp_path / 'incidents.db'}")
    upgrade(engine)
    desk = Desk(engine, SystemClock())
    declare(desk)
    desk.read(Postmortems(templates).draft, 1)
    engine.dispose()

    documented = _documented()
    assert set(templates.given) <= set(documented), sorted(templates.given)
    for template, variables in templates.given.items():
        row = documented[template]
        missing = sorted(v for v in variables if f"`{v}`" not in row and f"`{v}(" not in row)  # or `name(user_id)`
        assert not missing, f"CONTRIBUTING's row for {template} does not name {missing}"
