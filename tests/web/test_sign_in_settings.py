"""The four Sign in with Slack settings: all or none, and each one usable."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError

GOOD = {
    "SLACK_CLIENT_ID": "111.222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "PUBLIC_URL": "https://incidents.example.com/",
    "SESSION_SECRET": "0123456789abcdef0123456789abcdef",
}


def test_all_four_turn_the_dashboard_on_and_none_leave_it_off() -> None:
    on = Settings.from_env(GOOD)
    assert on.sign_in and on.public_url == "https://incidents.example.com"
    assert not Settings.from_env({}).sign_in


def test_a_partial_set_names_what_is_missing() -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"SLACK_CLIENT_ID": "111.222", "PUBLIC_URL": "https://incidents.example.com"})
    assert "SLACK_CLIENT_SECRET, SESSION_SECRET are not set" in str(error.value)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("PUBLIC_URL", "incidents.example.com", "PUBLIC_URL must be an http(s) address"),
        ("PUBLIC_URL", "ftp://incidents.example.com", "PUBLIC_URL must be an http(s) address"),
        ("PUBLIC_URL", "https://incidents.example.com/?x=1", "PUBLIC_URL must be an http(s) address"),
        ("SESSION_SECRET", "short", "SESSION_SECRET must be at least 32 random characters"),
        ("SESSION_SECRET", "change-me-change-me-change-me-change-me", "not a placeholder"),
    ],
)
def test_a_bad_value_is_named(name: str, value: str, said: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env(GOOD | {name: value})
    assert said in str(error.value)


def test_the_secrets_stay_out_of_the_repr() -> None:
    shown = repr(Settings.from_env(GOOD))
    assert "client-secret" not in shown and GOOD["SESSION_SECRET"] not in shown
