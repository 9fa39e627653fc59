"""The Teams adapter: the only place (with bot/slack for Slack) that knows Teams exists.

`render` builds Adaptive Card 1.5 JSON as plain dicts, without importing the Teams SDK, so cards
can be checked, previewed and posted to a Workflows webhook without a bot registration.
"""
