"""Hostile alert fields through the real webhooks, on both databases: blank summaries fall back to
the alert name, NUL bytes and lone surrogates are cleaned from every field (a poisoned alert never
costs the good alerts of its delivery), impossible times and deep JSON are 400s with the reason,
and the bearer scheme is case-insensitive."""

from __future__ import annotations

import contextlib
import json
import socket
import urllib.error
import urllib.request
from typing import Any

import pytest
from sqlalchemy import text

from tests.support.alerts import TOKEN, am_alert, am_group, post, settle

AM, EVENTS = "/alerts/alertmanager", "/alerts/events"
BLANKS = [" ", "\t\n", "\u00ad", "\u2800", "\u200b", "\u200b \u2800\u00ad"]


def _rows(bot, sql: str) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def _titles(bot) -> list[str]:
    return [t for (t,) in _rows(bot, "SELECT title FROM incident ORDER BY id")]


def _blank_summary(summary: str, **labels: str) -> dict:
    alert = am_alert("DiskFull", "db-1", annotations={"summary": summary}, labels=labels)
    return am_group([alert], group="DiskFull", commonAnnotations={"summary": summary})


@pytest.mark.parametrize("summary", BLANKS)
def test_a_blank_summary_declares_under_the_alert_name(alert_bot, summary: str) -> None:
    bot = alert_bot()
    status, answer = post(bot, AM, _blank_summary(summary))

    assert status == 202 and answer["incident"] == "INC-1", answer
    assert _titles(bot) == ["DiskFull"]


def test_a_blank_summary_and_a_blank_alertname_still_read_as_something(alert_bot) -> None:
    bot = alert_bot()
    body = _blank_summary("\u200b", alertname="\u2800")
    body["groupLabels"] = body["commonLabels"] = {"alertname": "\u00ad", "severity": "critical"}
    status, answer = post(bot, AM, body)

    assert status == 202 and answer["incident"] == "INC-1", answer
    assert _titles(bot) == ["Alertmanager alert (severity=critical)"]
    assert _rows(bot, "SELECT name FROM alert") == [("Alertmanager alert (db-1)",)]


def test_a_blank_summary_prompts_with_the_alert_name(alert_bot) -> None:
    bot = alert_bot(routes="")
    assert post(bot, AM, _blank_summary("\t\n"))[0] == 202
    settle(bot)

    prompt = bot.fake.messages(bot.alerts)[-1]
    assert "*DiskFull* — 1 alert(s) firing" in json.dumps(prompt["blocks"], ensure_ascii=False)
    assert "** —" not in json.dumps(prompt, ensure_ascii=False)


@pytest.mark.parametrize("summary", [" ", "\u200b", "\u2800", ""])
def test_an_events_trigger_with_a_blank_summary_is_named_by_its_dedup_key(alert_bot, summary: str) -> None:
    bot = alert_bot()
    status, answer = post(bot, EVENTS, _event(summary, dedup_key="disk-full/db-1"))

    assert status == 202 and answer["incident"] == "INC-1", answer
    assert _titles(bot) == ["disk-full/db-1"]
    assert post(bot, EVENTS, _event("\u2800"))[0] == 202  # no dedup_key either
    assert _titles(bot)[1:] == ["Events alert"]


def _event(summary: str, **extra: Any) -> dict:
    payload = {"summary": summary, "source": "db-1", "severity": "critical"}
    return {"routing_key": "rk", "event_action": "trigger", "payload": payload, **extra}


POISON = ["\u0000", "\ud800", "\udfff"]


@pytest.mark.parametrize("poison", POISON)
def test_a_poisoned_alert_never_costs_the_good_ones(alert_bot, poison: str) -> None:
    """NUL (PostgreSQL refuses it) and lone surrogates (no encoding takes them) in every field."""
    bot = alert_bot()
    bad = am_alert(f"Disk{poison}Full", f"db{poison}1", labels={f"k{poison}": f"v{poison}"})
    bad |= {
        "annotations": {
            "summary": f"Disk{poison} full",
            f"note{poison}": poison,
            "runbook_url": f"https://rb/{poison}",
        },
        "fingerprint": f"fp{poison}",
        "generatorURL": f"http://prom{poison}/graph",
    }
    good = [am_alert("DiskFull", f"db-{n}") for n in (2, 3)]
    body = am_group([good[0], bad, good[1]], group=f"Disk{poison}Full", receiver=f"r{poison}")
    body["commonAnnotations"] = {"summary": f"Disks{poison} full"}
    status, answer = post(bot, AM, body)

    assert status == 202 and answer["new"] == 3, answer
    names = sorted(n for (n,) in _rows(bot, "SELECT name FROM alert"))
    assert names == ["DiskFull (db-2)", "DiskFull (db-3)", "DiskFull (db1)"]
    assert _titles(bot) == ["Disks full"]
    stored = json.dumps(_rows(bot, "SELECT * FROM alert") + _rows(bot, "SELECT * FROM alertgroup"), default=str)
    assert "\\u0000" not in stored and "\\ud8" not in stored and "\\udf" not in stored


@pytest.mark.parametrize("poison", POISON)
def test_a_poisoned_event_is_stored_cleaned(alert_bot, poison: str) -> None:
    bot = alert_bot()
    event = _event(f"Disk{poison} full", dedup_key=f"dk{poison}", client_url=f"https://x{poison}")
    event["payload"]["custom_details"] = {f"k{poison}": f"v{poison}"}
    event["links"] = [{"href": f"https://l{poison}", "text": f"t{poison}"}]
    status, answer = post(bot, EVENTS, event)

    assert status == 202 and answer["incident"] == "INC-1", answer
    assert _titles(bot) == ["Disk full"]
    assert _rows(bot, "SELECT fingerprint FROM alert") == [("dk",)]


@pytest.mark.parametrize(
    ("stamp", "path"),
    [
        ("9999-12-31T23:30:00-01:00", AM),
        ("0001-01-01T00:30:00+01:00", AM),
        ("9999-12-31T23:30:00-01:00", EVENTS),
    ],
)
def test_times_out_of_range_are_400_with_the_reason(alert_bot, stamp: str, path: str) -> None:
    bot = alert_bot()
    if path == AM:
        body = am_group([am_alert("DiskFull", "db-1", starts=stamp)])
    else:
        body = _event("Disk full")
        body["payload"]["timestamp"] = stamp
    status, answer = post(bot, path, body)

    assert status == 400 and "out of range" in answer["error"] and stamp in answer["error"], answer


@pytest.mark.parametrize("path", [AM, EVENTS])
def test_deeply_nested_json_is_400_with_the_reason(alert_bot, path: str) -> None:
    bot = alert_bot()
    status, answer = post(bot, path, None, raw=b"[" * 50_000 + b"]" * 50_000)

    assert status == 400 and "nested too deeply" in answer["error"], answer


def test_the_bearer_scheme_is_case_insensitive(alert_bot) -> None:
    bot = alert_bot()
    for n, scheme in enumerate(("bearer", "BEARER", "BeArEr")):
        assert _post_as(bot, f"{scheme} {TOKEN}", n) == 202, scheme
    for wrong in (f"Basic {TOKEN}", TOKEN, f"bearer {TOKEN}x", "bearer", f"bearer{TOKEN}"):
        assert _post_as(bot, wrong, 9) == 401, wrong


def _post_as(bot, authorization: str, n: int) -> int:
    body = json.dumps(am_group([am_alert("DiskFull", f"db-{n}")], group=f"g{n}")).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{bot.runtime.port}{AM}", data=body, method="POST")
    request.add_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def _raw_answer(bot, head: str, body: bytes) -> tuple[str, dict[str, str], bytes]:
    """Send a head and the first part of a body, as a sender still writing would; read the answer
    until the server closes (with a reset, as it leaves the rest of the body unread)."""
    answer = b""
    with socket.create_connection(("127.0.0.1", bot.runtime.port), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n\r\n" + body)
        with contextlib.suppress(ConnectionResetError):
            while chunk := connection.recv(65536):
                answer += chunk
    top, _, rest = answer.partition(b"\r\n\r\n")
    status, *lines = top.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status, headers, rest


@pytest.mark.parametrize("path", [AM, EVENTS, "/slack/events"])
def test_a_2_mb_body_is_refused_in_json(alert_bot, path: str) -> None:
    bot = alert_bot()
    big = b'{"x": "' + b"x" * (2 << 20) + b'"}'
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json"
    chunk = b"%x\r\n%s\r\n" % (1 << 16, big[: 1 << 16])
    for framing, sent in ((f"Content-Length: {len(big)}", big[:65536]), ("Transfer-Encoding: chunked", chunk * 33)):
        status, headers, body = _raw_answer(bot, f"{head}\r\n{framing}", sent)

        assert status.startswith("HTTP/1.1 413"), (framing, status)
        assert headers["content-type"] == "application/json", framing
        assert json.loads(body) == {"ok": False, "error": "the body is over 1048576 bytes"}
