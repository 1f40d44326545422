"""Try the bot locally with no Slack workspace: `python -m tests.dev` (from a clone, in the venv).

It starts the strict fake Slack (tests/fakeslack) on 127.0.0.1 with a few people and channels, the
bot against it (the same Runtime `incident-bot run` starts, HTTP mode, SQLite in a temporary
directory unless `--database` says otherwise), and reads `/incident` commands from stdin: each line
is sent as a signed slash command, as Slack would send it, and what people would see in Slack (the
answer, and every message the bot posts) is printed as it happens."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, SECRET, Harness, blocks_text, start_harness

PEOPLE = "U0ALICE alice, U0BOB bob, U0CAROL carol, U0DAVE dave"
SHOWN_EVERY = 0.1  # seconds between looks at the fake workspace for new messages


@dataclass(frozen=True)
class Line:
    """One typed line: `[#channel] [as U0BOB] <what follows /incident>`."""

    channel: str | None
    user: str
    text: str

    @classmethod
    def parse(cls, raw: str) -> Line:
        words = raw.split()
        channel = words.pop(0)[1:] if words and words[0].startswith("#") else None
        user = ALICE
        if len(words) >= 2 and words[0] == "as":
            user = words[1]
            words = words[2:]
        return cls(channel, user, " ".join(words))


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    logging.basicConfig(level=options.log_level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    with FakeSlack() as fake, _database(options.database) as url:
        harness, stop = start_harness(fake, url, port=options.port), threading.Event()
        try:
            _banner(harness, url)
            threading.Thread(target=_show_messages, args=(harness, stop), name="show", daemon=True).start()
            for raw in sys.stdin:
                if raw.strip():
                    _send(harness, Line.parse(raw), stop)
        finally:
            stop.set()
            harness.stop()
    return 0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.dev", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3000, help="the bot's port (0: any free one)")
    parser.add_argument("--database", help="DATABASE_URL (default: SQLite in a temporary directory)")
    parser.add_argument("--log-level", default="WARNING", help="the bot's log level (default WARNING)")
    return parser.parse_args(argv)


@contextmanager
def _database(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="incident-bot-dev-") as directory:
        yield f"sqlite:///{Path(directory) / 'incidents.db'}"


def _banner(harness: Harness, url: str) -> None:
    say(
        "incident-bot is running against a fake Slack (tests/fakeslack); nothing reaches a real Slack.",
        f"  bot:        {harness.send.url} (signing secret {SECRET})",
        f"  fake Slack: {harness.fake.api_url}",
        f"  database:   {url}",
        f"  people:     {PEOPLE}; channels #general, #incidents (the announce channel)",
        "Type what follows /incident; it is sent signed, as alice in #general. For example:",
        "  declare sev2 Checkout is failing",
        "  #inc-1-checkout-is-failing as U0BOB status identified",
        "(`#channel` sends it in that channel, `as U0BOB` as that person; Ctrl-D stops.)",
    )


def _send(harness: Harness, line: Line, stop: threading.Event) -> None:
    where = harness.fake.channel_by_name(line.channel) if line.channel else None
    if line.channel and where is None:
        say(f"! there is no #{line.channel} in the fake workspace")
        return
    answer = harness.send.command(line.text, line.user, channel=where["id"] if where else harness.general)
    say(f"> /incident {line.text}  (HTTP {answer.status})", *_indented(answer.text))
    if answer.response_url:
        threading.Thread(target=_show_replies, args=(harness, answer.response_url, stop), daemon=True).start()


def _show_replies(harness: Harness, url: str, stop: threading.Event) -> None:
    """The answers that come later through the response_url, as the person sees them."""
    shown = 0
    while shown < 5 and not stop.wait(SHOWN_EVERY):
        for payload in harness.fake.responses(url)[shown:]:
            say("  (only you) " + (payload.get("text") or blocks_text(payload.get("blocks") or [])))
            shown += 1


def _show_messages(harness: Harness, stop: threading.Event) -> None:
    """Every message the bot posts, in any channel, once, as it appears."""
    seen: set[tuple[str, str]] = set()
    while not stop.wait(SHOWN_EVERY):
        for channel in harness.fake.channel_ids():
            name = harness.fake.channel(channel)["name"] or channel
            for message in harness.fake.messages(channel):
                if (channel, message["ts"]) not in seen:
                    seen.add((channel, message["ts"]))
                    say(f"#{name}: {message.get('text') or ''}")


_printing = threading.Lock()


def say(*lines: str) -> None:
    with _printing:
        print("\n".join(lines), flush=True)


def _indented(text: str) -> list[str]:
    return ["  " + line for line in text.splitlines()]


if __name__ == "__main__":
    sys.exit(main())
