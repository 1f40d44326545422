"""`[runbooks]` and the runbook files, as `check-policy` reads them: the folder is relative to the
policy file, every `*.md` in it is checked, and each refusal names the file (and line) to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.policy import PolicyError, load_policy
from bot.core.policy.runbook_files import MAX_STEPS, STEP_TEXT_MAX

RULE = '[[runbooks.attach]]\nfile = "checkout.md"\nmatch = { service = "checkout" }\n'


def policy(tmp_path: Path, books: dict[str, str], section: str = '[runbooks]\ndir = "books"\n') -> Path:
    (tmp_path / "books").mkdir(exist_ok=True)
    for name, text in books.items():
        (tmp_path / "books" / name).write_text(text, encoding="utf-8")
    path = tmp_path / "etc" / "policy.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(section.replace('"books"', '"../books"'))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(PolicyError) as refused:
        load_policy(str(path))
    return str(refused.value)


def test_a_runbook_is_read_with_title_steps_and_only_web_links(tmp_path: Path) -> None:
    text = (
        "Intro\n# Roll back\n- [ ] See [the graph](https://g.example/d?a=(1)) now\n"
        "  * [x] Nested, pre-ticked\n- [ ] [x](ftp://x) bad\n"
    )
    books = load_policy(str(policy(tmp_path, {"checkout.md": text, "db.md": "- [ ] One\n"}))).runbooks
    book = books.find("ROLL BACK")
    assert book is not None and book.name == "checkout" and books.find("db.md") is books.books["db"]
    assert [(s.text, s.link, s.line) for s in book.steps] == [
        ("See the graph now", "https://g.example/d?a=(1)", 3),
        ("Nested, pre-ticked", None, 4),
        ("x bad", None, 5),
    ]
    assert books.books["db"].title == "db"  # no heading: the file name


@pytest.mark.parametrize(
    ("books", "section", "named"),
    [
        ({"a.md": "# A\nno steps at all\n"}, "", "a.md: has no steps"),
        (
            {"a.md": f"- [ ] ok\n- [ ] {'x' * (STEP_TEXT_MAX + 1)}\n"},
            "",
            f"a.md: line 2: the step is {STEP_TEXT_MAX + 1} characters",
        ),
        (
            {"a.md": "- [ ] [one](https://a.example) [two](https://b.example)\n"},
            "",
            "a.md: line 1: has more than one link",
        ),
        ({"a.md": "- [ ] s\n" * (MAX_STEPS + 1)}, "", f"a.md: line {MAX_STEPS + 1}: is step {MAX_STEPS + 1}"),
        ({"a.md": "- [ ] s\n"}, RULE, "runbooks.attach[1].file: 'checkout.md' is missing from the runbooks folder"),
        ({"checkout.md": "- [ ] s\n"}, RULE.replace("checkout.md", "../x.md"), "is not the name of a .md file"),
        (
            {"checkout.md": "- [ ] s\n"},
            RULE.replace('match = { service = "checkout" }', "match = {}"),
            "match: must be a non-empty",
        ),
        ({"checkout.md": "- [ ] s\n"}, RULE + "colour = 1\n", "runbooks.attach[1].colour: unknown key"),
    ],
)
def test_check_policy_refuses_what_slack_could_not_show_naming_file_and_line(
    tmp_path: Path, books: dict[str, str], section: str, named: str
) -> None:
    assert named in refusal(policy(tmp_path, books, '[runbooks]\ndir = "books"\n' + section))


def test_a_runbook_folder_that_is_missing_is_named(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[runbooks]\n")
    assert "runbooks.dir: 'runbooks' is not a folder" in refusal(path)


def test_check_policy_prints_the_runbooks_it_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = policy(tmp_path, {"checkout.md": "# Checkout\n- [ ] a\n- [ ] b\n"}, '[runbooks]\ndir = "books"\n' + RULE)
    assert main(["check-policy", str(path)]) == 0
    out = capsys.readouterr().out
    assert "# checkout.md: 2 steps, 'Checkout'" in out
    assert '[[runbooks.attach]]\nfile = "checkout.md"\nmatch = { "service" = "checkout" }' in out
