"""The policy file: durations, defaults, the whole schema, and the messages a person reads for bad files."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.policy import DEFAULT_POLICY, AlertRoute, PolicyError, load_policy, parse_duration
from bot.core.policy.describe import describe

EXAMPLE = Path(__file__).parents[2] / "docs" / "policy.example.toml"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("20m", timedelta(minutes=20)),
        ("4h", timedelta(hours=4)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        (" 5M ", timedelta(minutes=5)),
    ],
)
def test_durations(raw: str, expected: timedelta) -> None:
    assert parse_duration(raw) == expected


@pytest.mark.parametrize("raw", ["", "5", "m", "0m", "-5m", "5 minutes", "1.5h", 5])
def test_bad_durations(raw: object) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(raw)


def test_no_file_means_the_design_defaults() -> None:
    policy = load_policy(None)
    assert policy is DEFAULT_POLICY
    assert policy.default_severity == "sev3"
    assert policy.level("sev1").ack_within == timedelta(minutes=5)
    assert policy.level("sev2").update_every == timedelta(minutes=30)
    assert policy.level("sev4").update_every is None
    assert not policy.pages
    assert policy.alerts.default_action == "prompt"


def test_the_example_file_is_accepted_and_read_whole() -> None:
    policy = load_policy(str(EXAMPLE))
    assert [level.after for level in policy.escalation] == [timedelta(minutes=m) for m in (5, 10, 15)]
    assert policy.oncall["primary"].users == ("U0ALICE", "bob@example.com")
    assert policy.oncall["secondary"].handoff_day is None
    assert policy.quiet_hours is not None and policy.quiet_hours.timezone == "Europe/London"
    assert policy.permissions.close == "roles"
    assert policy.slo["checkout"].target == 0.999
    assert policy.status.components == ("Checkout", "Search", "API")
    assert policy.alerts.prompt_channel == "C0ALERTS"
    assert policy.alerts.routes[0] == AlertRoute({"severity": "critical"}, {}, "declare", "sev2")
    assert re.fullmatch(policy.alerts.routes[1].match_re["alertname"], "Watchdog")
    assert policy.level("sev4").update_every is None


def test_a_severity_left_partly_out_keeps_the_defaults_but_not_the_cadence(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, '[severities.sev2]\nack_within = "10m"\n'))
    assert policy.level("sev2").ack_within == timedelta(minutes=10)
    assert policy.level("sev2").label == "SEV2" and policy.level("sev2").page
    assert policy.level("sev2").update_every is None  # DESIGN: a missing update_every means no nudges
    assert policy.level("sev1").update_every == timedelta(minutes=20)


def test_the_effective_policy_reads_back_as_the_same_policy(tmp_path: Path) -> None:
    policy = load_policy(str(EXAMPLE))
    again = load_policy(write(tmp_path, describe(policy)))
    assert describe(again).splitlines()[1:] == describe(policy).splitlines()[1:]


BAD = [
    ("bogus = 1\n", "bogus: unknown key"),
    ('[nudges]\nno_comander_after = "5m"\n', "nudges.no_comander_after: unknown key"),
    (
        '[severities.sev1]\nupdate_every = "20 minutes"\n',
        "severities.sev1.update_every: '20 minutes' is not a duration",
    ),
    ('[severities.sev5]\nlabel = "x"\n', "severities.sev5: unknown severity; use sev1, sev2, sev3, sev4"),
    ('default_severity = "sev0"\n', "default_severity: must be one of sev1, sev2, sev3, sev4, not 'sev0'"),
    ('[oncall.primary]\ntimezone = "UTC"\nhandoff = "mon 09:00"\nusers = []\n', "oncall.primary.users: is empty"),
    (
        '[oncall.primary]\ntimezone = "Mars/Olympus"\nhandoff = "mon 09:00"\nusers = ["U0A1"]\n',
        "oncall.primary.timezone: 'Mars/Olympus' is not a known time zone",
    ),
    (
        '[oncall.p]\ntimezone = "UTC"\nhandoff = "someday 9"\nusers = ["U0A1"]\n',
        "oncall.p.handoff: 'someday 9' is not a weekly handoff",
    ),
    (
        '[oncall.p]\ntimezone = "UTC"\nrotation = "hourly"\nhandoff = "09:00"\nusers = ["U0A1"]\n',
        "oncall.p.rotation: must be one of weekly, daily",
    ),
    (
        '[[escalation.levels]]\nnotify = ["oncall:nobody"]\nafter = "5m"\n',
        "escalation.levels[1].notify: 'oncall:nobody' names no schedule",
    ),
    (
        '[[escalation.levels]]\nnotify = ["bob"]\nafter = "5m"\n',
        "escalation.levels[1].notify: 'bob' is not oncall:<schedule>",
    ),
    ('[[escalation.levels]]\nnotify = ["U0A1"]\n', "escalation.levels[1].after: is required"),
    ('[quiet_hours]\ntimezone = "UTC"\nfrom = "7pm"\nto = "08:00"\n', "quiet_hours.from: '7pm' is not a time of day"),
    ('[permissions]\nclose = "admins"\n', 'permissions.close: must be "anyone", "roles" or "subteam:<ID>"'),
    ("[slo.checkout]\ntarget = 99.9\n", "slo.checkout.target: must be a number between 0 and 1"),
    ('[status]\ncomponents = "API"\n', "status.components: must be a list of strings"),
    ('[alerts]\ndefault_action = "page"\n', "alerts.default_action: must be one of declare, prompt, ignore"),
    (
        '[[alerts.routes]]\nmatch_re = { alertname = "(" }\naction = "ignore"\n',
        "alerts.routes[1].match_re: '(' is not a valid regular expression",
    ),
    ('[[alerts.routes]]\naction = "declare"\nseverity = "sev9"\n', "alerts.routes[1].severity: must be one of sev1"),
    ('[[alerts.routes]]\naction = "declare"\nlabels = {}\n', "alerts.routes[1].labels: unknown key"),
    ("[nudges\n", "is not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_files_name_the_file_the_key_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"nope\.toml: cannot be read"):
        load_policy(str(tmp_path / "nope.toml"))
