"""Every route the HTTP listener serves is named where operators and contributors look for it:
README's HOST/PORT row and its TLS section (what to forward), CONTRIBUTING's layout and the
architecture page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.test import Client

from bot.alerts.webhooks import AlertWebhooks
from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.core.policy import DEFAULT_POLICY
from bot.server import wsgi_app
from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.web import WebContext, create_app

ROOT = Path(__file__).resolve().parent.parent
ROUTES = {"/slack/events": "POST", "/alerts/alertmanager": "POST", "/alerts/events": "POST"} | {
    path: "GET" for path in ("/healthz", "/readyz", "/metrics")
}
WEB_ROUTES = ("/", "/incidents/<n>", "/overview", "/declare", "/auth/slack/callback", "/status", "/status.json")
WEB_ROUTES += ("/status/feed.atom", "/static/*")


def _slack(_environ: object, start_response: object) -> list[bytes]:
    start_response("200 OK", [])  # type: ignore[operator]
    return [b""]


def test_the_routes_listed_here_are_the_listener_s(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'incidents.db'}")
    upgrade(engine)
    webhooks = AlertWebhooks(Desk(engine, SystemClock()), None, DEFAULT_POLICY.alerts)
    client = Client(wsgi_app(_slack, engine, None, webhooks))
    for path, method in ROUTES.items():
        assert client.open(path, method=method).status_code not in (404, 405), path
    assert client.get("/nothing-else").status_code == 404
    engine.dispose()


def test_the_web_routes_listed_here_are_the_web_app_s() -> None:
    settings = Settings()
    app = create_app(WebContext(settings, Desk(make_engine("sqlite://"), SystemClock()), None, None, None))  # type: ignore[arg-type]
    urls = app.url_map.bind("localhost")
    for path in WEB_ROUTES:
        urls.match(path.replace("<n>", "1").replace("*", "style.css"), method="GET")


def _block(text: str, start: str) -> str:
    found = re.search(rf"{re.escape(start)}.*?(?:\n\n|\n\| )", text, re.S)
    assert found, start
    return found.group(0)


@pytest.mark.parametrize(
    ("doc", "start"),
    [
        ("README.md", "| `HOST` / `PORT` |"),
        ("CONTRIBUTING.md", "bot/server.py"),
        ("docs/ARCHITECTURE.md", "Slack (slash command"),
    ],
)
def test_the_docs_name_every_route(doc: str, start: str) -> None:
    block = _block((ROOT / doc).read_text(), start)
    for path in (*ROUTES, *WEB_ROUTES):
        named = path in block or any(path.startswith(folder[:-1]) for folder in re.findall(r"/\w+/\*", block))
        assert named, f"{doc} ({start}…) does not name {path}"


def test_the_tls_section_says_what_to_forward() -> None:
    section = (ROOT / "README.md").read_text().split("### A public HTTPS URL")[1].split("\n## ")[0]
    for path in ("/slack/events", "/alerts/*", "/healthz", "/readyz", "/metrics"):
        assert f"`{path}`" in section, path
