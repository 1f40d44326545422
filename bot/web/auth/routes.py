"""The sign-in routes: Slack's return (`/auth/slack/callback`) and sign-out. Refusals are pages
that say what happened and offer to start again; they never leave a half-signed-in session."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from bot.slack.openid import SignInFailed, SlackSignIn, SlackUser
from bot.web.auth.flow import CALLBACK, PENDING, redirect_uri
from bot.web.auth.viewer import Viewer, forget, remember
from bot.web.context import web_context

blueprint = Blueprint("signin", __name__)


@blueprint.get(CALLBACK)
def callback() -> ResponseReturnValue:
    pending = session.pop(PENDING, None)  # used up whatever happens next: a callback works once
    if not isinstance(pending, dict) or request.args.get("state") != pending.get("state"):
        return refused("This sign-in was not started here, or was already used. Start again.", 400)
    if error := request.args.get("error"):
        return refused(f"Slack did not sign you in ({error}).", 403)
    sign_in = web_context().sign_in
    if sign_in is None:
        return refused("The dashboard is off.", 503)
    try:
        user = sign_in.user(request.args.get("code", ""), redirect_uri(web_context().settings), pending["nonce"])
    except SignInFailed as failure:
        return refused(str(failure), 403)
    return welcome(sign_in, user, pending.get("next") or "/")


def welcome(sign_in: SlackSignIn, user: SlackUser, next_path: str) -> ResponseReturnValue:
    try:
        ours = sign_in.workspace()
    except SignInFailed as failure:
        return refused(str(failure), 503)
    if user.team_id != ours:
        return refused(
            "You signed in with an account of another Slack workspace. Only members of the workspace "
            "this bot serves can use its dashboard: sign in to that workspace in Slack and start again.",
            403,
        )
    remember(Viewer(user.user_id, user.team_id, user.name))
    return redirect(next_path)


@blueprint.post("/auth/signout")
def sign_out() -> ResponseReturnValue:
    forget()
    return render_template("auth/signed_out.html")


def refused(reason: str, status: int) -> ResponseReturnValue:
    return render_template("auth/refused.html", title="Not signed in", reason=reason, retry=True), status
