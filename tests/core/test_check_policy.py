"""`incident-bot check-policy [FILE]` and `run` refusing a bad policy, as an operator sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

EXAMPLE = Path(__file__).parents[2] / "docs" / "policy.example.toml"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("INCIDENT_POLICY_FILE", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_check_policy_prints_the_effective_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-policy", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "[oncall.primary]" in out and 'handoff = "mon 09:00"' in out
    assert '[severities.sev2]\nlabel = "SEV2"' in out  # defaults filled in


def test_check_policy_without_a_file_prints_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-policy"]) == 0
    assert "built-in defaults" in capsys.readouterr().out


def test_check_policy_reads_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[severities.sev1]\nack_within = "soon"\n')
    monkeypatch.setenv("INCIDENT_POLICY_FILE", str(bad))
    assert main(["check-policy"]) == 2
    err = capsys.readouterr().err
    assert f"INCIDENT_POLICY_FILE={bad}: severities.sev1.ack_within: 'soon' is not a duration" in err


def test_run_refuses_to_start_with_a_bad_policy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[oncall.primary]\ntimezone = "UTC"\nhandoff = "mon 09:00"\nusers = []\n')
    monkeypatch.setenv("INCIDENT_POLICY_FILE", str(bad))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["run"]) == 2
    assert f"incident-bot: INCIDENT_POLICY_FILE={bad}: oncall.primary.users: is empty" in capsys.readouterr().err


def test_a_bad_policy_is_named_with_the_other_settings_problems(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[severities.sev9]\nlabel = "SEV9"\n')
    monkeypatch.setenv("INCIDENT_POLICY_FILE", str(bad))
    monkeypatch.setenv("PORT", "http")
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err  # one line, every problem in it
    assert f"{bad}: severities.sev9:" in err and "PORT must be a number" in err and "SLACK_BOT_TOKEN is not set" in err


def test_check_policy_refuses_a_bad_file_given_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[quiet_hours]\ntimezone = 'Mars/Olympus'\n")
    assert main(["check-policy", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"incident-bot: {bad}: quiet_hours.")


def test_a_policy_path_that_cannot_be_read_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INCIDENT_POLICY_FILE", str(tmp_path / "nope.toml"))
    assert main(["check-policy"]) == 2
    assert capsys.readouterr().err == (
        f"incident-bot: INCIDENT_POLICY_FILE={tmp_path / 'nope.toml'}: cannot be read (No such file or directory)\n"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe[nudges]\n", "is not UTF-8 text (byte 0xff on line 1)"),
        (b'[severities.sev3]\nupdate_every = "99999999999w"\n', "severities.sev3.update_every: '99999999999w' is out"),
        (b'[severities.sev3]\nupdate_every = "500000w"\n', "between 1s and 1w"),
        (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "is not usable TOML (arrays or tables nested too deep)"),
        (b'[oncall.p]\ntimezone = "UTC"\nhandoff = "monkey 09:00"\nusers = ["U0A1"]\n', "is not a weekly handoff"),
        (
            b'[[alerts.routes]]\nmatch_re = { alertname = "(a)\\\\1" }\naction = "ignore"\n',
            "alerts.routes[1].match_re.alertname: '(a)\\\\1' is not an RE2 regular expression (invalid escape sequence",
        ),
    ],
)
def test_check_policy_and_run_refuse_unusable_files_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    assert main(["check-policy", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"incident-bot: {bad}: ") and problem in captured.err
    assert captured.err.count("\n") == 1

    monkeypatch.setenv("INCIDENT_POLICY_FILE", str(bad))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"incident-bot: INCIDENT_POLICY_FILE={bad}: ") and problem in err and err.count("\n") == 1
    assert not (tmp_path / "x.db").exists()
