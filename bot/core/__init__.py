"""The incident domain: plain Python and SQLModel, no Slack. Adapters call in and render results."""
