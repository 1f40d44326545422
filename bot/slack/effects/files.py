"""The postmortem draft as a file in the incident channel, uploaded once per outbox item: the close's
(`INC-42-postmortem.md`), and each `/incident postmortem` after it as a new file (`INC-42-postmortem-v2.md`)
beside the earlier ones, which are never replaced, so what people wrote in them stays.

Slack's upload has three steps: get an upload URL, send the bytes, complete (which shares the
file with a message). Only the last is visible, and it can succeed while its answer is lost. So
the file's id is recorded before completing, and a later run first looks in the channel for a
message carrying that file."""

from __future__ import annotations

from bot.core import channel
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp, Retry
from bot.slack.blocks.kit import mention
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
                file_id = self.s.gateway.stage_file(_file_name(incident, item), text.encode())
            item.record(file_id=file_id)
        self._complete(item, incident, channel_id, file_id)

    def _shared(self, channel_id: str, file_id: str, item: Delivery) -> bool:
        messages = self.c.history_since(channel_id, item)
        return any(f.get("id") == file_id for message in messages for f in message.get("files") or [])

    def _complete(self, item: Delivery, incident: IncidentView, channel_id: str, file_id: str) -> None:
        try:
            with slack_errors():
                self.c.client.files_completeUploadExternal(
                    files=[{"id": file_id, "title": _title(incident, item)}],
                    channel_id=channel_id,
                    initial_comment=_comment(incident, item),
                )
        except GiveUp as error:
            if error.code != "file_not_found":
                raise
            item.record(file_id=None)  # the staged upload expired unshared: start again
            raise Retry("the staged upload expired") from error


def _version(item: Delivery) -> int:
    return int(item.payload.get("version") or 1)  # items queued before versions were counted: the first


def _file_name(incident: IncidentView, item: Delivery) -> str:
    version = _version(item)
    return f"{incident.ref}-postmortem.md" if version == 1 else f"{incident.ref}-postmortem-v{version}.md"


def _title(incident: IncidentView, item: Delivery) -> str:
    version = _version(item)
    return f"{incident.ref} postmortem draft" + (f" v{version}" if version > 1 else "")


def _comment(incident: IncidentView, item: Delivery) -> str:
    """The close's words, or, for a draft someone asked for, who asked and that the earlier ones stay."""
    by, fill_in = item.payload.get("by"), "fill in root cause, contributing factors and action items."
    if not by:
        return f"📕 {incident.ref} is closed. Here is the blameless postmortem draft: {fill_in}"
    if _version(item) == 1:
        return f"📝 {mention(by)} asked for the postmortem draft of {incident.ref}, from the record so far: {fill_in}"
    return (
        f"📝 {mention(by)} rendered the postmortem draft of {incident.ref} again from the record: "
        f"version {_version(item)}. The earlier drafts stay in this channel; carry over what you wrote there."
    )
