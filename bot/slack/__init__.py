"""The Slack adapter: the only place (with bot/teams for Teams) that knows Slack exists.

`render` turns neutral Cards into Block Kit without any I/O, so what we send can be checked in tests
and previews without a network or a token.
"""
