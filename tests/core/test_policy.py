"""The policy file: durations, defaults, the whole schema, and the messages a person reads for bad files."""

from __future__ import annotations

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


@pytest.mark.parametrize("raw", ["", "5", "m", "0m", "000s", "-5m", "5 minutes", "1.5h", 5, "５m", "٣h", "5m\n5m"])
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
    assert policy.alerts.routes[1].match_re["alertname"].matches("Watchdog")
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
    ('[permissions]\ndeclare = "roles"\n', 'permissions.declare: can\'t be "roles": no one holds a role'),
    ("[slo.checkout]\ntarget = 99.9\n", "slo.checkout.target: must be a number between 0 and 1"),
    ('[status]\ncomponents = "API"\n', "status.components: must be a list of strings"),
    ('[alerts]\ndefault_action = "page"\n', "alerts.default_action: must be one of declare, prompt, ignore"),
    (
        '[[alerts.routes]]\nmatch_re = { alertname = "(" }\naction = "ignore"\n',
        "alerts.routes[1].match_re.alertname: '(' is not an RE2 regular expression (missing ): ()",
    ),
    (
        '[[alerts.routes]]\nmatch_re = { alertname = 5 }\naction = "ignore"\n',
        "alerts.routes[1].match_re.alertname: must be a regular expression in a string, not 5",
    ),
    (
        '[oncall.p]\ntimezone = "UTC"\nhandoff = "monkey 09:00"\nusers = ["U0A1"]\n',
        "oncall.p.handoff: 'monkey 09:00' is not a weekly handoff: write \"mon 09:00\"",
    ),
    (
        '[oncall.p]\ntimezone = "UTC"\nhandoff = "mo 09:00"\nusers = ["U0A1"]\n',
        "oncall.p.handoff: 'mo 09:00' is not a weekly handoff",
    ),
    (
        '[oncall.p]\ntimezone = "UTC"\nhandoff = "mon ０９:００"\nusers = ["U0A1"]\n',
        "oncall.p.handoff: '０９:００' is not a time of day",
    ),
    ('[quiet_hours]\ntimezone = "UTC"\nfrom = "24:00"\nto = "08:00"\n', "quiet_hours.from: '24:00' is not a time"),
    (f'[status]\ncomponents = ["{"x" * 5000}", ""]\n', "status.components: must be a non-empty string, not ''"),
    (f'[alerts]\nprompt_channel = "{"x" * 5000}\\n"\nauto_resolve = "{"y" * 5000}"\n', "not 'yyyyy"),
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
    assert "\n" not in str(caught.value) and len(str(caught.value)) < len(path) + 200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"\xff\xfe[nudges]\n", "is not UTF-8 text (byte 0xff on line 1)"),
        (b'# caf\xe9\n[nudges]\nno_commander_after = "5m"\n', "is not UTF-8 text (byte 0xe9 on line 1)"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "is not usable TOML (arrays or tables nested too deep)"),
        (b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000 + b"\n", "nested too deep"),
        (b"[" + b"a." * 5000 + b"b]\n", ": a: unknown key"),
    ],
)
def test_bytes_no_toml_reader_can_use_are_one_line_errors(tmp_path: Path, text: bytes, message: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(text)
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)
    assert message in str(caught.value)


DURATION_KEYS = [
    ("[severities.sev3]\nack_within = {}\n", "severities.sev3.ack_within", "1m", "1w"),
    ("[severities.sev3]\nupdate_every = {}\n", "severities.sev3.update_every", "1s", "1w"),
    ('[[escalation.levels]]\nnotify = ["U0A1"]\nafter = {}\n', "escalation.levels[1].after", "1s", "1d"),
    ("[nudges]\nno_commander_after = {}\n", "nudges.no_commander_after", "1s", "1d"),
    ("[nudges]\ncommander_silent_after = {}\n", "nudges.commander_silent_after", "1s", "1d"),
    ("[nudges]\nstuck_investigating_after = {}\n", "nudges.stuck_investigating_after", "1s", "1d"),
    ("[postmortem]\nremind_every = {}\n", "postmortem.remind_every", "1h", "30d"),
    ("[slo.checkout]\ntarget = 0.99\nwindow = {}\n", "slo.checkout.window", "1d", "90d"),
]


@pytest.mark.parametrize(("template", "key", "shortest", "longest"), DURATION_KEYS)
def test_every_duration_has_bounds_and_the_error_says_them(
    tmp_path: Path, template: str, key: str, shortest: str, longest: str
) -> None:
    for accepted in (shortest, longest):
        load_policy(write(tmp_path, template.format(f'"{accepted}"')))
    for refused in (_just_beyond(shortest, -1), _just_beyond(longest, +1), "500000w", "99999999999w", "9" * 5000 + "s"):
        with pytest.raises(PolicyError) as caught:
            load_policy(write(tmp_path, template.format(f'"{refused}"')))
        assert f"{key}: " in str(caught.value)
        if refused != "0s":
            assert f"is out of range: write a duration between {shortest} and {longest}" in str(caught.value)


def _just_beyond(bound: str, direction: int) -> str:
    seconds = int(parse_duration(bound).total_seconds()) + direction
    return f"{seconds}s"


def test_weekdays_may_be_written_in_full(tmp_path: Path) -> None:
    text = '[oncall.p]\ntimezone = "UTC"\nhandoff = "Sunday 21:30"\nusers = ["U0A1"]\n'
    schedule = load_policy(write(tmp_path, text)).oncall["p"]
    assert (schedule.handoff_day, schedule.handoff_time.strftime("%H:%M")) == (6, "21:30")


def test_empty_label_tables_are_not_printed(tmp_path: Path) -> None:
    text = '[[alerts.routes]]\nmatch = {}\nmatch_re = {}\naction = "ignore"\n'
    printed = describe(load_policy(write(tmp_path, text)))
    assert "{  }" not in printed and "match" not in printed
    assert printed.endswith('[[alerts.routes]]\naction = "ignore"\n')


def test_patterns_print_as_written(tmp_path: Path) -> None:
    text = '[[alerts.routes]]\nmatch_re = { alertname = "High.*|Disk\\\\d+" }\naction = "ignore"\n'
    printed = describe(load_policy(write(tmp_path, text)))
    assert 'match_re = { "alertname" = "High.*|Disk\\\\d+" }' in printed


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"nope\.toml: cannot be read"):
        load_policy(str(tmp_path / "nope.toml"))
