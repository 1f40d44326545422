"""The alert domain: signals from the adapters, groups and their alerts, routing into incidents or
prompts, digests of what changed, and the views the Slack adapter renders."""
