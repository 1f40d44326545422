"""The postmortem draft as a file in the incident channel, uploaded once.

Slack's upload has three steps: get an upload URL, send the bytes, complete (which shares the
file with a message). Only the last is visible, and it can succeed while its answer is lost. So
the file's id is recorded before completing, and a later run first looks in the channel for a
message carrying that file."""

from __future__ import annotations

from bot.core import channel
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp, Retry
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors


class Uploads:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def upload_postmortem(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        text = self.s.desk.read(channel.stored, incident.id, "postmortem")
        if not text:
            return
        file_id = item.progress.get("file_id")
        if file_id and self._shared(channel_id, file_id, item):
            return
        if not file_id:
            with slack_errors():
                file_id = self.s.gateway.stage_file(f"{incident.ref}-postmortem.md", text.encode())
            item.record(file_id=file_id)
        self._complete(item, incident, channel_id, file_id)

    def _shared(self, channel_id: str, file_id: str, item: Delivery) -> bool:
        messages = self.c.history_since(channel_id, item)
        return any(f.get("id") == file_id for message in messages for f in message.get("files") or [])

    def _complete(self, item: Delivery, incident: IncidentView, channel_id: str, file_id: str) -> None:
        try:
            with slack_errors():
                self.c.client.files_completeUploadExternal(
                    files=[{"id": file_id, "title": f"{incident.ref} postmortem draft"}],
                    channel_id=channel_id,
                    initial_comment=f"📕 {incident.ref} is closed. Here is the blameless postmortem draft: "
                    "fill in root cause, contributing factors and action items.",
                )
        except GiveUp as error:
            if error.code != "file_not_found":
                raise
            item.record(file_id=None)  # the staged upload expired unshared: start again
            raise Retry("the staged upload expired") from error
