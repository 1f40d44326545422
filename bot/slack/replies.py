"""How the bot answers a person after the ack, and the guard the work after every ack runs under: a
failure is turned into words for the person who acted, delivered where they will see it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError
from sqlalchemy import exc as db

from bot.core.dedupe import AlreadyHandled
from bot.core.errors import IncidentError
from bot.slack.blocks.kit import Block
from bot.slack.failures import classify
from bot.slack.inbox import inbox_key
from bot.slack.services import Services

log = logging.getLogger(__name__)
Reply = list[Block] | str | None
Handler = Callable[[dict[str, Any]], Reply]
Answer = Callable[[Ack, dict[str, Any]], None]  # what the ack says, from the body


def acked(services: Services, *handlers: Handler, answer: Answer | None = None) -> Callable[..., None]:
    """One Bolt listener: `answer` acknowledges (a plain ack by default), then each handler runs with
    the body on the listener threads, under `guarded`, its reply delivered by `deliver`; or, in
    the front of two processes, the body goes to the worker process (bot/processes.py).

    Not Bolt's `lazy=`: for each lazy function Bolt deep-copies the whole request and its context
    before the ack returns, 0.4 ms of interpreter time, a fifth of what an ack cost under a burst.
    The handlers need only the body, and nothing changes it once parsed (docs/PERFORMANCE.md, "The
    ack path's own cost")."""

    def listener(ack: Ack, body: dict[str, Any]) -> None:  # Bolt passes both by these names
        answer(ack, body) if answer else ack()
        if services.handoff:
            return services.handoff(body)  # the worker process runs it through this listener again
        for handler in handlers:
            services.listeners.submit(_after_ack, services, handler, body)

    return listener


def _after_ack(services: Services, handler: Handler, body: dict[str, Any]) -> None:
    try:
        reply = guarded(lambda: handler(body))
        done(services, body)
        deliver(services, body, reply)
    except Exception:  # an executor keeps what its tasks raise to itself: say it
        log.exception("the work after acknowledging a %s failed", body.get("type") or "command")


def done(services: Services, body: dict[str, Any]) -> None:
    """The request leaves the inbox once handled, whatever the outcome: a change it made committed
    with its dedupe key, and a failure is about to be answered. (Before the answer, not after: a
    crash in between costs the person the answer, never a second answer or a second change.)"""
    if key := inbox_key(body):
        try:
            services.inbox.settle(key)
        except db.SQLAlchemyError as error:
            log.warning("could not settle %s; a restart replays it, applying nothing twice: %s", key, error)


def guarded(work: Callable[[], Reply]) -> Reply:
    """Run work for a person and turn any failure into words for them — never a traceback."""
    try:
        return work()
    except AlreadyHandled as repeat:
        log.info("ignored a repeated request %s", repeat)
        return None  # the first one was answered
    except IncidentError as error:
        return str(error)
    except (db.OperationalError, db.TimeoutError) as error:  # a lock or pool wait ran out, or the database is down
        log.warning("database unavailable: %s", error)
        return "⚠️ The database is busy or unreachable right now; nothing was changed — try again in a minute."
    except (SlackApiError, OSError) as error:
        reason = classify(error).reason
        log.warning("slack call failed: %s", reason)
        return f"⚠️ That didn't work: {reason}. Nothing was half-applied; try again."
    except Exception:
        log.exception("request failed")
        return "⚠️ Something went wrong on our side. It is logged; nothing was changed — try again."


def deliver(services: Services, body: dict[str, Any], reply: Reply) -> None:
    """Answer on the request's response_url. A form has none, so use the one it stored when it was
    opened (the declare form); failing that, an ephemeral message in the channel it came from (the
    button that opened the form, the message a 📌 was put on)."""
    if reply is None:
        return
    meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    if url := body.get("response_url") or meta.get("response_url"):
        text, blocks = _parts(reply)
        return services.gateway.respond(url, text, blocks)
    if event := body.get("event"):
        return tell(services, (event.get("item") or {}).get("channel"), event.get("user") or "", reply)
    tell(services, meta.get("channel"), body.get("user_id") or body["user"]["id"], reply)


def tell(services: Services, channel_id: str | None, user_id: str, reply: Reply) -> None:
    """An ephemeral answer in a channel, for requests with no response_url."""
    if not reply or not channel_id:
        log.warning("no way to tell %s: %s", user_id, reply)
        return
    text, blocks = _parts(reply)
    try:
        services.gateway.client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, blocks=blocks)
    except Exception as error:
        log.warning("could not answer %s in %s: %s", user_id, channel_id, classify(error).reason)


def _parts(reply: list[Block] | str) -> tuple[str, list[Block] | None]:
    return (reply, None) if isinstance(reply, str) else ("incident bot", reply)
