"""`incident-bot check-policy FILE` as an operator runs it, on files no policy reader can use: one line
on stderr and exit status 2, never a traceback; and an effective policy that prints no empty tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.console import incident_bot

UNUSABLE = [
    (b"# caf\xe9\n", "is not UTF-8 text (byte 0xe9 on line 1)"),
    (b'[severities.sev3]\nupdate_every = "99999999999w"\n', "'99999999999w' is out of range"),
    (b'[severities.sev3]\nupdate_every = "500000w"\n', "write a duration between 1s and 1w"),
    (b"x = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deep"),
    (b'[[alerts.routes]]\nmatch_re = { alertname = "(?=a)" }\naction = "ignore"\n', "match_re.alertname:"),
]


@pytest.mark.parametrize(("content", "problem"), UNUSABLE)
def test_unusable_policy_files_are_one_line_and_status_2(tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / "policy.toml").write_bytes(content)
    outcome = incident_bot("check-policy", "policy.toml", cwd=tmp_path)
    assert (outcome.status, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("incident-bot: policy.toml: ") and problem in outcome.stderr
    assert outcome.stderr.count("\n") == 1 and "Traceback" not in outcome.stderr


def test_a_bad_policy_path_names_the_variable(tmp_path: Path) -> None:
    outcome = incident_bot("check-policy", cwd=tmp_path, INCIDENT_POLICY_FILE="missing.toml")
    assert outcome.status == 2
    assert outcome.stderr == (
        "incident-bot: INCIDENT_POLICY_FILE=missing.toml: cannot be read (No such file or directory)\n"
    )


def test_routes_without_label_tables_print_none(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text('[[alerts.routes]]\nmatch = {}\nmatch_re = {}\naction = "ignore"\n')
    outcome = incident_bot("check-policy", "policy.toml", cwd=tmp_path)
    assert outcome.status == 0 and "{  }" not in outcome.stdout
    assert outcome.stdout.endswith('[[alerts.routes]]\naction = "ignore"\n')
