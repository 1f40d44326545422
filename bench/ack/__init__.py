"""`bench/ack_latency.py` in parts: the bot process and its database (`process`), the fake Slack's
workspace (`workspace`), the load (`load`), the declare → pinned card watcher (`pins`) and the
figures (`figures`)."""
