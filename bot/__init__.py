"""Self-hosted, Slack-native incident response bot."""
