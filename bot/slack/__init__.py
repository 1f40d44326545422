"""The Slack adapter: parse Slack payloads, call the core, render results as Block Kit. The only
package that imports slack_bolt or slack_sdk."""
