"""The one packaging fact pyproject.toml cannot state: the top-level `templates/` folder (beside
`bot/`, where people look for it) installs as the package `bot_templates`, with `bot/`'s packages."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["bot*"]), "bot_templates", "bot_templates.slack"],
    package_dir={"bot_templates": "templates"},
)
