"""Outbox handler: set a schedule's Slack user group (`usergroups.users.update`) to the people on call,
e-mails looked up first (cached). A workspace that can't manage user groups (a free plan, a token
without `usergroups:write`…) is said once in the log, and the bot goes on without them."""

from __future__ import annotations

import logging
import threading

from bot.core.oncall_groups import EFFECT
from bot.jobs.outbox_worker import Delivery, GiveUp, Handler
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors

log = logging.getLogger(__name__)
CANNOT = frozenset(
    {"paid_only", "missing_scope", "not_allowed_token_type", "permission_denied", "no_permission", "not_authed"}
)


class UserGroupEffects:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.client = context.client
        self.cannot: str | None = None  # why this workspace can't, once Slack has said so
        self._saying = threading.Lock()  # two groups' updates refused at once are said once

    def handlers(self) -> dict[str, Handler]:
        return {EFFECT: self.update}

    def update(self, item: Delivery) -> None:
        group, schedule = item.payload["usergroup"], item.payload["schedule"]
        users = [user for person in item.payload["people"] if (user := self._user(person, schedule))]
        if self.cannot or not users:
            return
        try:
            with slack_errors():
                self.client.usergroups_users_update(usergroup=group, users=",".join(users))
        except GiveUp as error:
            if error.code not in CANNOT and error.code != "no_such_subteam":
                raise
            self._give_up(error.code or "", group, schedule)

    def _user(self, person: str, schedule: str) -> str | None:
        if "@" not in person:
            return person
        try:
            with slack_errors():
                return self.c.s.emails.user_id(self.client, person)
        except GiveUp as error:
            if error.code != "users_not_found":
                raise
            log.warning("on-call %s: no Slack user has the e-mail %s; the user group leaves them out", schedule, person)
            return None

    def _give_up(self, code: str, group: str, schedule: str) -> None:
        if code == "no_such_subteam":
            log.warning("on-call %s: there is no user group %s; fix `usergroup` in the policy", schedule, group)
            return
        with self._saying:
            first, self.cannot = self.cannot is None, code
        if first:
            log.warning(
                "this workspace can't keep on-call user groups in step (%s): going on without them; "
                "a paid plan and the usergroups:write scope are needed",
                code,
            )
