"""The policy reader under any file: arbitrary bytes, and TOML-ish text built from the schema's own
sections and keys with values of every type and size (huge numbers and durations, deep nesting, text
that is not UTF-8, regexes RE2 refuses, unknown keys). `load_policy` returns a policy or raises a
PolicyError of one line, and nothing else; `check-policy` answers 0 or 2 and never a traceback; and an
accepted file's effective policy, printed by `check-policy`, reads back as the same policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cli import main
from bot.core.policy import PolicyError, load_policy
from bot.core.policy.describe import describe

SECTIONS = {  # each section with its keys (and "bogus", which no section has)
    "": ("default_severity",),
    "[severities.sev1]": ("label", "description", "ack_within", "update_every", "page"),
    "[severities.sev3]": ("ack_within", "update_every", "page"),
    "[severities.sev9]": ("label",),
    "[[escalation.levels]]": ("notify", "after", "notify", "after"),
    "[oncall.primary]": ("timezone", "handoff", "rotation", "users", "timezone", "handoff", "users"),
    "[quiet_hours]": ("timezone", "from", "to", "timezone", "from", "to"),
    "[nudges]": ("no_commander_after", "commander_silent_after", "stuck_investigating_after"),
    "[postmortem]": ("remind_every",),
    "[permissions]": ("declare", "change_severity", "resolve", "close"),
    "[slo.checkout]": ("target", "window", "target"),
    "[status]": ("components",),
    "[alerts]": ("default_action", "prompt_channel", "watch_channels", "auto_resolve"),
    "[[alerts.routes]]": ("match", "match_re", "action", "severity", "match_re", "action"),
}
WORDS = [
    *("sev1", "sev4", "sev0", "weekly", "daily", "hourly", "anyone", "roles", "subteam:S0OPS", "declare", "prompt"),
    *("UTC", "America/New_York", "Europe/London", "Mars/Olympus", "../etc", "U0ALICE", "bob@example.com"),
    *("oncall:primary", "oncall:nobody", "mon 09:00", "monkey 09:00", "sunday 01:30", "02:30", "24:00", "9"),
    *("(a+)+", "High.*", "(a)\\1", "(?=a)", "a)|(b", "a{1001}", "[", "", " ", "０９:００", "😀", "x\x7f", "é\t\n"),
]
DURATIONS = st.builds(
    lambda count, unit: f"{count}{unit}",
    st.one_of(st.integers(0, 100), st.integers(0, 10**30), st.just("9" * 5000)),
    st.sampled_from(["s", "m", "h", "d", "w", "", "x", " m"]),
)
STRINGS = st.one_of(st.sampled_from(WORDS), DURATIONS, st.text(max_size=30))
SCALARS = st.one_of(
    STRINGS.map(lambda text: json.dumps(text, ensure_ascii=False)),
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["true", "false", "inf", "-inf", "nan", "1e400", "0.999", "99.9", "0", "1979-05-27"]),
)


def _array(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _inline(pairs: list[tuple[str, str]]) -> str:
    return "{ " + ", ".join(f"{json.dumps(k)} = {v}" for k, v in pairs) + " }"


VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(_array),
        st.lists(st.tuples(st.sampled_from(["alertname", "severity", "team", ""]), inner), max_size=3).map(_inline),
    ),
    max_leaves=8,
)
DEEP = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    """A section and lines of its own keys (rarely "bogus"), each with a value of any type."""
    header = draw(st.sampled_from(sorted(SECTIONS)))
    keys = draw(st.lists(st.sampled_from([*SECTIONS[header], "bogus"]), max_size=5, unique=True))
    values = [draw(st.one_of(VALUES, VALUES, VALUES, DEEP)) for _ in keys]
    return "\n".join([header, *(f"{key} = {value}" for key, value in zip(keys, values, strict=True))])


TOMLISH = st.lists(st.one_of(blocks(), blocks(), blocks(), st.text(max_size=20)), max_size=8).map("\n".join)
TOMLISH_BYTES = TOMLISH.map(lambda text: text.encode("utf-8", "surrogatepass"))
FILES = st.one_of(
    TOMLISH_BYTES, TOMLISH_BYTES, st.binary(max_size=400), st.tuples(TOMLISH_BYTES, st.binary(max_size=8)).map(b"".join)
)


@given(FILES)
def test_any_file_is_a_policy_or_one_policy_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(content)
    try:
        policy = load_policy(str(path))
    except PolicyError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
        return
    again = tmp_path / "effective.toml"
    again.write_text(describe(policy))
    assert describe(load_policy(str(again))).splitlines()[1:] == describe(policy).splitlines()[1:]


@given(FILES)
def test_check_policy_answers_0_or_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.delenv("INCIDENT_POLICY_FILE", raising=False)
    (tmp_path / "policy.toml").write_bytes(content)
    status = main(["check-policy", "policy.toml"])
    captured = capsys.readouterr()
    if status == 0:
        assert captured.err == "" and captured.out.startswith("# effective policy from policy.toml\n")
    else:
        assert status == 2 and captured.out == ""
        assert captured.err.startswith("incident-bot: policy.toml: ") and captured.err.count("\n") == 1


def _toml_string(text: str) -> str:
    """A TOML basic string, escaped by the spec (independent of the code under test)."""
    return '"' + "".join(map(_toml_char, text)) + '"'


def _toml_char(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


FREE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(str.strip)


@given(FREE_TEXT, FREE_TEXT, st.lists(FREE_TEXT, max_size=3), FREE_TEXT)
def test_free_text_reads_back_from_the_effective_policy(
    tmp_path: Path, label: str, description: str, components: list[str], value: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        f"[severities.sev1]\nlabel = {_toml_string(label)}\ndescription = {_toml_string(description)}\n"
        f"[status]\ncomponents = [{', '.join(map(_toml_string, components))}]\n"
        f'[[alerts.routes]]\nmatch = {{ {_toml_string(value)} = {_toml_string(value)} }}\naction = "ignore"\n',
        encoding="utf-8",
    )
    policy = load_policy(str(path))
    again = tmp_path / "effective.toml"
    again.write_text(describe(policy), encoding="utf-8")
    assert describe(load_policy(str(again))).splitlines()[1:] == describe(policy).splitlines()[1:]
    assert load_policy(str(again)).alerts.routes[0].match == {value: value}
