"""Issue 14: declares that do not come through Slack — `incident-bot declare` (source "cli") and the
dashboard's form (source "web"). Only a Slack user is invited and commands; the timeline and the
postmortem say where the declare came from."""

from __future__ import annotations

from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, declare, events, outbox_rows


def invited(desk: Desk) -> list[str]:
    return outbox_rows(desk, "setup_channel")[0]["payload"]["invite"]


def test_a_login_name_is_recorded_as_written_but_never_invited_nor_made_commander(desk: Desk) -> None:
    incident = declare(desk, "Checkout is failing", by="sre-carol", source="cli").incident

    assert incident.declared_by == "sre-carol"
    assert incident.commander is None and incident.roles == ()
    assert invited(desk) == []
    (event,) = events(desk, 1)
    assert (event.actor, event.source, event.data["commander"]) == ("sre-carol", "cli", None)


def test_a_slack_user_declaring_from_the_command_line_is_invited_and_commands(desk: Desk) -> None:
    incident = declare(desk, by=ALICE, source="cli").incident

    assert incident.commander == ALICE
    assert invited(desk) == [ALICE]


def test_the_dashboard_declarer_commands_as_in_slack_unless_the_form_names_someone(desk: Desk) -> None:
    assert declare(desk, by=ALICE, source="web").incident.commander == ALICE
    assert declare(desk, by=ALICE, source="web", commander=BOB).incident.commander == BOB


def test_the_timeline_and_the_postmortem_say_where_the_declare_came_from(desk: Desk) -> None:
    declare(desk, "Checkout is failing", by="sre-carol", source="cli")
    declare(desk, "Search is slow", by=ALICE, source="web", severity="sev2")
    declare(desk, "Emails are delayed", by=BOB)
    drafts = Postmortems(TemplateSet())

    first, second, third = (desk.read(drafts.draft, n) for n in (1, 2, 3))

    assert "| sre-carol | sre-carol declared the incident (SEV3) from the command line: Checkout is failing |" in first
    assert f"{ALICE} declared the incident (SEV2) from the dashboard: Search is slow" in second
    assert f"{BOB} declared the incident (SEV3): Emails are delayed" in third
