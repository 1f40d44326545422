"""The blameless postmortem draft: the facts each section needs, gathered from the record (one
module per section), and the draft rendered from `postmortem.md.j2` with them."""

from bot.core.postmortem.drafts import Postmortems

__all__ = ["Postmortems"]
