"""A strict, local fake of the Slack Web API and Socket Mode for tests.

Point slack_sdk at it with ``WebClient(base_url=fake.api_url, token=...)``. It
answers like Slack where a bot can get things wrong (membership, naming, block
limits, trigger expiry, ...), keeps state so tests can assert what people in
Slack would see, and injects faults (429/5xx, errors, delays, lost responses).
"""

from .fake import FakeSlack
from .triggers import make_trigger_id

__all__ = ["FakeSlack", "make_trigger_id"]
