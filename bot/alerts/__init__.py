"""The alert adapter: webhook payloads and alert messages in, parsed and routed, handed to the core."""
