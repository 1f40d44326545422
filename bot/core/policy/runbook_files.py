"""A runbook file: Markdown with a title (the first `# ` heading, else the file name) and a task list
(`- [ ] step`, optionally with one `[label](https://…)` link). The rules for what a step may hold
come from what one Slack message can show as checkboxes, so `check-policy` refuses a runbook the
bot could not post rather than the post failing during an incident."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.core.links import web_url
from bot.core.policy.reader import PolicyError

# Slack's Block Kit limits: a checkboxes element holds at most 10 options, an option's text at most
# 75 characters, a message at most 50 blocks. The checklist message is one heading block and, per
# group of 10 steps, one checkboxes block and one context block (links, who ticked what).
STEP_TEXT_MAX = 75
STEPS_PER_GROUP = 10
MESSAGE_BLOCKS_MAX = 50
MAX_STEPS = (MESSAGE_BLOCKS_MAX - 1) // 2 * STEPS_PER_GROUP
TITLE_MAX = 150  # a header block's text

_TITLE = re.compile(r"#[ \t]+(.+?)[ \t#]*")
_STEP = re.compile(r"[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+(.*)")
_LINK = re.compile(r"\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")  # a URL may hold balanced parentheses


@dataclass(frozen=True)
class Step:
    text: str  # what the checkbox shows: the line with its link written as the link's label
    link: str | None  # an http(s) URL, or None (no link, or one that was not http(s))
    line: int


@dataclass(frozen=True)
class Runbook:
    name: str  # the file's stem: what `/incident runbook <name>` and `[[runbooks.attach]] file` use
    title: str
    path: str
    steps: tuple[Step, ...]


def read_runbook(path: Path) -> Runbook:
    lines = _lines(path)
    title = next((m.group(1).strip() for line in lines if (m := _TITLE.fullmatch(line))), path.stem)
    if len(title) > TITLE_MAX:
        raise PolicyError(str(path), "", f"the title is {len(title)} characters; Slack shows at most {TITLE_MAX}")
    steps = tuple(_step(str(path), n, m.group(1)) for n, line in enumerate(lines, 1) if (m := _STEP.fullmatch(line)))
    if not steps:
        raise PolicyError(str(path), "", "has no steps: write a task list, one `- [ ] step` per line")
    if len(steps) > MAX_STEPS:
        where = f"line {steps[MAX_STEPS].line}"
        raise PolicyError(str(path), where, f"is step {MAX_STEPS + 1}; one Slack message holds at most {MAX_STEPS}")
    return Runbook(path.stem, title, str(path), steps)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_bytes().decode("utf-8").splitlines()
    except OSError as error:
        raise PolicyError(str(path), "", f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise PolicyError(str(path), "", "is not UTF-8 text") from None


def _step(path: str, line: int, raw: str) -> Step:
    links = _LINK.findall(raw)
    if len(links) > 1:
        raise PolicyError(path, f"line {line}", "has more than one link; give each step at most one")
    text = " ".join(_LINK.sub(lambda m: m.group(1), raw).split())
    if not text:
        raise PolicyError(path, f"line {line}", "is an empty step")
    if len(text) > STEP_TEXT_MAX:
        problem = f"the step is {len(text)} characters; a Slack checkbox shows at most {STEP_TEXT_MAX}"
        raise PolicyError(path, f"line {line}", f"{problem} (shorten it, or move detail behind its link)")
    return Step(text, web_url(links[0][1]) if links else None, line)
