"""Rows the stats and export tests need beside what the core's operations record: services, action
items, alert groups with their alerts and a postmortem marked done, written in one transaction each
through the same Desk, at the clock's time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.core.desk import Desk
from bot.core.tx import Tx
from bot.store.models import ActionItem, Alert, AlertGroup, Incident, IncidentService


def _incident(tx: Tx, number: int) -> Incident:
    row = tx.session.scalars(select(Incident).where(Incident.number == number)).one()
    assert row.id is not None
    return row


def add_services(desk: Desk, number: int, *names: str) -> None:
    def add(tx: Tx) -> None:
        incident_id = _incident(tx, number).id
        assert incident_id is not None
        tx.session.add_all(IncidentService(incident_id=incident_id, name=n, added_at=tx.now) for n in names)

    desk.run(add)


def add_action(desk: Desk, number: int, text: str, done: bool = False, due: date | None = None) -> None:
    def add(tx: Tx) -> None:
        incident_id = _incident(tx, number).id
        assert incident_id is not None
        status, done_at = ("done", tx.now) if done else ("open", None)
        item = ActionItem(
            incident_id=incident_id, text=text, status=status, created_at=tx.now, done_at=done_at, due=due
        )
        tx.session.add(item)

    desk.run(add)


def add_alert_group(desk: Desk, number: int, key: str, title: str, alerts: int = 1) -> None:
    def add(tx: Tx) -> None:
        group = AlertGroup(
            key=key,
            source="alertmanager",
            action="declare",
            title=title,
            incident_id=_incident(tx, number).id,
            opened_at=tx.now,
        )
        tx.session.add(group)
        tx.session.flush()
        assert group.id is not None
        for n in range(alerts):
            tx.session.add(Alert(group_id=group.id, fingerprint=f"{key}-{n}", starts_at=tx.now, received_at=tx.now))

    desk.run(add)


def mark_postmortem_done(desk: Desk, number: int, by: str) -> None:
    def mark(tx: Tx) -> None:
        row = _incident(tx, number)
        row.postmortem_done_at, row.postmortem_done_by = tx.now, by

    desk.run(mark)
