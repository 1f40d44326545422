"""Reaching Slack after a start-up that found it down: the same checks, retried in the background
with backoff while the listener and the outbox already run."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.health import SlackLink
from bot.settings import StartupError
from bot.slack.startup import SlackUnavailable

log = logging.getLogger(__name__)
FIRST_WAIT, LONGEST_WAIT = 0.5, 30.0  # seconds; doubling in between


def try_once(attempt: Callable[[], None], link: SlackLink) -> bool:
    """Run `attempt`; True once it succeeds. Slack being down is a warning (once per new reason);
    a definite answer (StartupError) is left to the caller."""
    try:
        attempt()
    except SlackUnavailable as error:
        if link.reason != str(error):
            log.warning("%s; serving meanwhile and retrying in the background", error)
        link.down(str(error))
        return False
    if link.up():
        log.info("Slack reached")
    return True


def keep_trying(attempt: Callable[[], None], link: SlackLink, stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=_retry, args=(attempt, link, stop), name="reach-slack", daemon=True)
    thread.start()
    return thread


def _retry(attempt: Callable[[], None], link: SlackLink, stop: threading.Event) -> None:
    """Until Slack answers. A definite refusal found late (say the token was revoked during the
    outage) ends the retries with the same one line start-up would have printed, as an ERROR."""
    wait = FIRST_WAIT
    while not stop.wait(wait):
        try:
            if try_once(attempt, link):
                return
        except StartupError as error:
            link.down(str(error))
            log.error("%s", error)
            return
        wait = min(LONGEST_WAIT, wait * 2)
