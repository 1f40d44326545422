"""`match_re` as Alertmanager reads it: RE2, anchored at both ends, linear in the label's length. A
backtracking engine took seconds on `(a+)+` against a few dozen characters, doubling with each one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alerts import routing
from bot.core.alerts.signals import AlertAction
from bot.core.policy import PolicyError, load_policy
from tests.support.alerts import am_alert, am_group, post

CATASTROPHIC = '[[alerts.routes]]\nmatch_re = { alertname = "(a+)+" }\naction = "declare"\nseverity = "sev2"\n'
HIGH = '[[alerts.routes]]\nmatch_re = { alertname = "High.*" }\naction = "declare"\nseverity = "sev1"\n'
HOSTILE = "a" * 60 + "!"  # a backtracking engine would need 2**60 steps to refuse it


def policy(tmp_path: Path, text: str):
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return load_policy(str(path)).alerts


def test_a_catastrophic_pattern_answers_the_hostile_input_at_once(tmp_path: Path) -> None:
    alerts = policy(tmp_path, CATASTROPHIC)
    assert routing.route(alerts, {"alertname": HOSTILE}) == (AlertAction.PROMPT, None)
    assert routing.route(alerts, {"alertname": "a" * 10_000}) == (AlertAction.DECLARE, "sev2")


@pytest.mark.parametrize(
    ("name", "declared"),
    [("HighCPU", True), ("High", True), ("NotHighCPU", False), ("xHigh", False), ("High\n", False)],
)
def test_patterns_are_anchored_at_both_ends(tmp_path: Path, name: str, declared: bool) -> None:
    action, _ = routing.route(policy(tmp_path, HIGH), {"alertname": name})
    assert (action == AlertAction.DECLARE) is declared


def test_alternatives_are_anchored_as_a_group(tmp_path: Path) -> None:
    """`^(?:a|b)$`, not `^a|b$`: "xb" must not match through the second alternative."""
    alerts = policy(tmp_path, '[[alerts.routes]]\nmatch_re = { team = "a|b" }\naction = "ignore"\n')
    assert routing.route(alerts, {"team": "b"})[0] == AlertAction.IGNORE
    assert routing.route(alerts, {"team": "xb"})[0] == AlertAction.PROMPT
    assert routing.route(alerts, {"team": "ax"})[0] == AlertAction.PROMPT


def test_a_missing_label_matches_as_the_empty_string(tmp_path: Path) -> None:
    alerts = policy(tmp_path, '[[alerts.routes]]\nmatch_re = { team = "|ops" }\naction = "ignore"\n')
    assert routing.route(alerts, {"alertname": "X"})[0] == AlertAction.IGNORE


def test_a_lone_surrogate_in_a_label_is_matched_not_raised(tmp_path: Path) -> None:
    alerts = policy(tmp_path, '[[alerts.routes]]\nmatch_re = { alertname = "Disk.Full" }\naction = "ignore"\n')
    assert routing.route(alerts, {"alertname": "Disk\ud800Full"})[0] == AlertAction.IGNORE


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\\1", r"invalid escape sequence: \1"),
        ("(?=a)", "invalid perl operator: (?="),
        ("(?<!a)b", "invalid perl operator: (?<"),
        ("a)|(b", "unexpected ): a)|(b"),
        ("a{1001}", "invalid repetition size"),
    ],
)
def test_what_re2_refuses_is_a_policy_error_naming_the_label(tmp_path: Path, pattern: str, reason: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f'[[alerts.routes]]\nmatch_re = {{ alertname = "{pattern}" }}\naction = "ignore"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert str(caught.value).startswith(f"{path}: alerts.routes[1].match_re.alertname: ")
    assert "is not an RE2 regular expression" in str(caught.value) and reason in str(caught.value)


def test_the_webhook_routes_the_hostile_name_at_once_and_keeps_serving(alert_bot) -> None:
    bot = alert_bot(routes=CATASTROPHIC + HIGH)
    hostile = post(bot, "/alerts/alertmanager", am_group([am_alert(HOSTILE, "api-1")], group=HOSTILE))
    assert hostile[0] == 202 and hostile[1]["incident"] is None  # prompted: the pattern does not match

    not_high = post(bot, "/alerts/alertmanager", am_group([am_alert("NotHighCPU", "api-1")], group="NotHighCPU"))
    assert not_high[0] == 202 and not_high[1]["incident"] is None

    high = post(bot, "/alerts/alertmanager", am_group([am_alert("HighCPU", "api-1")], group="HighCPU"))
    assert high[0] == 202 and high[1]["incident"] == "INC-1"
    many_a = post(bot, "/alerts/alertmanager", am_group([am_alert("a" * 60, "api-1")], group="a" * 60))
    assert many_a[0] == 202 and many_a[1]["incident"] == "INC-2"
