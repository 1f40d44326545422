"""The alert webhooks: bearer auth in constant time, 400 with the reason for a
payload that cannot be used, and otherwise a 2xx as soon as the delivery is stored. Slack hears
about it afterwards, through the outbox. Declared lengths over 1 MiB never get here (bot/body_limit.py);
a chunked body is cut at the same size while it is read."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from bot.alerts import alertmanager, events
from bot.alerts.fields import PayloadError
from bot.body_limit import MAX_BODY, too_large
from bot.core.alerts import intake as alert_intake
from bot.core.alerts.signals import AlertBatch
from bot.core.desk import Desk
from bot.core.policy import AlertsPolicy

log = logging.getLogger(__name__)


class AlertWebhooks:
    def __init__(self, desk: Desk, token: str | None, policy: AlertsPolicy) -> None:
        self.desk, self.token, self.policy = desk, token, policy
        if not token:
            log.info("ALERT_WEBHOOK_TOKEN is not set: /alerts/* refuse every request until it is")

    def alertmanager(self, request: Request) -> Response:
        return self._handle(request, lambda body: alertmanager.parse(body, self.policy))

    def events(self, request: Request) -> Response:
        return self._handle(request, lambda body: events.parse(body, self.policy, self.desk.clock.now()))

    def _handle(self, request: Request, parse: Callable[[Any], AlertBatch | None]) -> Response:
        if refusal := self._refusal(request):
            return refusal
        try:
            batch = parse(_body(request))
        except PayloadError as error:
            return _json(400, {"ok": False, "error": str(error)})
        except RequestEntityTooLarge:
            return _json(413, {"ok": False, "error": too_large()})
        if batch is None:
            return _json(202, {"ok": True, "recorded": False, "note": "acknowledge incidents in Slack"})
        intake = self.desk.run(alert_intake.ingest, batch)
        incident = f"INC-{intake.incident}" if intake.incident else None
        return _json(202, {"ok": True, "new": intake.new, "resolved": intake.resolved, "incident": incident})

    def _refusal(self, request: Request) -> Response | None:
        if not self.token:
            return _json(401, {"ok": False, "error": "alert webhooks are off: ALERT_WEBHOOK_TOKEN is not set"})
        scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
        right = hmac.compare_digest(given.strip().encode(), self.token.encode())
        if scheme.lower() != "bearer" or not right:  # the scheme is case-insensitive (RFC 9110 11.1)
            return _json(401, {"ok": False, "error": "missing or wrong bearer token"})
        return None


def _body(request: Request) -> Any:
    request.max_content_length = MAX_BODY  # also caps chunked bodies that announce no length
    try:
        return json.loads(request.get_data(cache=False))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PayloadError(f"the body is not JSON: {error}") from error
    except RecursionError as error:  # no alert payload nests more than a few levels
        raise PayloadError("the body is nested too deeply to be an alert payload") from error


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
