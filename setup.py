"""The packaging facts pyproject.toml cannot state: top-level folders (beside `bot/`, where people
look for them) install as packages with `bot/`'s: `templates/` as `bot_templates`, and `docs/` as
`bot_docs`, which carries only the example policy (package-data in pyproject.toml)."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["bot*"]), "bot_templates", "bot_templates.slack", "bot_docs"],
    package_dir={"bot_templates": "templates", "bot_docs": "docs"},
)
