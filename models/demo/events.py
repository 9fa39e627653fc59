"""What people did in the demo: the changes managers recorded and the ideas staff sent in.

Changes feed the review-and-learning step: one that clearly worked (weekend reablement, the step in
`home-91`), one that made no difference (link workers in GP practices: the referral data have no
effect in them, and the bot should say so) and one too recent to judge. Their indicators have no
winter pattern, so a before-and-after comparison is not fooled by the season. Ideas cover every
status and include anonymous ones, which carry no person.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from models.demo.timeline import directory_relaunch, link_workers, reablement_change


def demo_changes(today: date) -> list[dict[str, Any]]:
    """Changes the partnership recorded, each with the indicators it was expected to move."""
    return [
        {
            "id": "weekend-reablement",
            "title": "Weekend reablement slots",
            "description": (
                "Ten extra reablement slots on Saturdays and Sundays, so people discharged on a "
                "Friday start reablement the next day instead of waiting until Monday."
            ),
            "started": reablement_change(today),
            "indicators": ["home-91"],
            "expected": "increase",
            "owner": "amina",
        },
        {
            "id": "practice-link-workers",
            "title": "A link worker in every GP practice",
            "description": (
                "Social prescribing link workers moved from the Age Well office into the city's "
                "GP practices, expecting more referrals from GPs and practice nurses."
            ),
            "started": link_workers(today),
            "indicators": ["social-prescribing"],
            "expected": "increase",
            "owner": "joy",
        },
        {
            "id": "directory-relaunch",
            "title": "New online directory of support",
            "description": (
                "One directory for council, NHS and voluntary services, written with carers and "
                "checked for plain English."
            ),
            "started": directory_relaunch(today),
            "indicators": ["easy-information", "carers-satisfied"],
            "expected": "increase",
            "owner": "joy",
        },
    ]


CHANGE_ACTIONS = {"weekend-reablement": "weekend-slots"}
"""The action each demo change came from (the accountability in the framework file)."""


def _at(today: date, days_ago: int, hour: int, minute: int) -> datetime:
    """A moment `days_ago` days before today, in UTC, as the bot stores it."""
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=UTC)


def demo_suggestions(today: date) -> list[dict[str, Any]]:
    """Improvement ideas from staff, some anonymous, in every state a manager can give them."""
    return [
        {
            "text": (
                "Could we text people the name of their reablement worker the day before the "
                "first visit? A lot of people won't open the door to someone they don't know."
            ),
            "team": "reablement",
            "person": "tom",
            "anonymous": False,
            "created": _at(today, 47, 16, 12),
            "status": "accepted",
            "reason": "Trying it from next month with the text service the GP practices use.",
        },
        {
            "text": (
                "Weekend discharges wait hours for medicines to take home. Could pharmacy make "
                "them up on Friday for everyone we expect to go home at the weekend?"
            ),
            "team": "discharge",
            "person": "dan",
            "anonymous": False,
            "created": _at(today, 19, 8, 41),
            "status": "under_review",
            "reason": "The pharmacy lead is looking at it with the ward managers.",
        },
        {
            "text": (
                "Housing options appointments are all nine to five. People at risk of eviction "
                "who work can't come. One late evening a week would help."
            ),
            "team": "housing-options",
            "person": None,
            "anonymous": True,
            "created": _at(today, 4, 19, 5),
            "status": "new",
            "reason": None,
        },
        {
            "text": "Put the carers' centre phone number on the hospital discharge letter.",
            "team": "connectors",
            "person": "mo",
            "anonymous": False,
            "created": _at(today, 96, 11, 30),
            "status": "done",
            "reason": "On every discharge letter since the template changed last month.",
        },
        {
            "text": (
                "We type the same referral into three systems. One shared referral form would "
                "give each of us back about an hour a day."
            ),
            "team": "discharge",
            "person": None,
            "anonymous": True,
            "created": _at(today, 63, 13, 58),
            "status": "not_now",
            "reason": "It needs the shared care record, due next year. We will come back to it.",
        },
        {
            "text": (
                "Ask Riverbank Homes to tell us when a tenant over 75 falls behind on rent, so we "
                "can visit before it becomes a notice to quit."
            ),
            "team": "housing-options",
            "person": "sara",
            "anonymous": False,
            "created": _at(today, 31, 10, 17),
            "status": "accepted",
            "reason": "Agreed with Riverbank Homes; the first referrals start this month.",
        },
        {
            "text": (
                "Let us book a handyperson visit for grab rails straight from the reablement "
                "assessment instead of a separate referral."
            ),
            "team": "reablement",
            "person": "tom",
            "anonymous": False,
            "created": _at(today, 2, 9, 20),
            "status": "new",
            "reason": None,
        },
    ]
