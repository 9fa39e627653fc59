"""The Teams adapter: the only place (with bot/slack for Slack) that knows Teams exists.

- `platform`: the port (`TeamsPlatform`); `runtime` and `sdk`: the real SDK app, loaded only
  when Teams is configured, run on one loop; `route`: `/api/messages`.
- `activities` and `forms`: activities and button presses into the shared handlers;
  `identity` and `references`: who someone is, and where a conversation can be reached later.
- `transport` and `webhook`: the outbox's ways of sending (the bot; a Workflows webhook).
- `render` (Adaptive Card 1.5 as plain dicts, no SDK) and `package` (the app package): pure.
"""
