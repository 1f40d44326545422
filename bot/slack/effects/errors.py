"""Slack's answers in the outbox's terms: try again later (Retry) or stop and tell someone (GiveUp)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk.errors import SlackApiError

from bot.jobs.outbox_worker import GiveUp, Retry
from bot.slack.failures import classify


@contextmanager
def slack_errors(*done: str) -> Iterator[None]:
    """Turn a Slack failure into the worker's Retry or GiveUp. Error codes in `done` say the work
    was already done (`already_pinned`, `already_in_channel`) and pass silently. A rate limit is
    a wait, not a failed attempt."""
    try:
        yield
    except SlackApiError as error:
        code = error.response.get("error")
        if code in done:
            return
        failure = classify(error)
        if failure.retryable:
            raise Retry(
                failure.reason,
                failure.retry_after,
                counts=not failure.rate_limited,
                code=failure.code,
                unsent=failure.rate_limited,  # a 429 (or our own pace) means the call did not happen
            ) from error
        raise GiveUp(failure.reason, code) from error
    except OSError as error:
        failure = classify(error)
        raise Retry(failure.reason, code=failure.code) from error
