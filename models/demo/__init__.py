"""The demo partnership that ships with goldthread: Riverside Health and Care Partnership.

`goldthread run --demo` loads this framework file and data into a local database so a newcomer can
talk to the bot about a realistic partnership. Everything is generated from `today`, so the story
(one change that worked, one thing getting worse, one target out of reach) holds whenever the
demo runs, and the same `today` always gives the same data. `docs/demo.md` tells the story.

The generators (numpy and pandas) are loaded on first use (PEP 562), so that `goldthread ask
--demo`, which only needs to know who the demo acts as, starts without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.demo.benchmarks import demo_benchmarks
    from models.demo.events import CHANGE_ACTIONS, demo_changes, demo_suggestions
    from models.demo.framework import DEMO_ANCHOR, demo_framework_text
    from models.demo.generate import demo_measurements

DEMO_PEOPLE_DEFAULT = "amina"
"""Who the demo acts as: a manager who owns both the improving and the worsening indicator."""

__all__ = [
    "CHANGE_ACTIONS",
    "DEMO_ANCHOR",
    "DEMO_PEOPLE_DEFAULT",
    "demo_benchmarks",
    "demo_changes",
    "demo_framework_text",
    "demo_measurements",
    "demo_suggestions",
]

_LAZY = {"demo_benchmarks": "benchmarks", "CHANGE_ACTIONS": "events", "demo_changes": "events",
         "demo_suggestions": "events", "DEMO_ANCHOR": "framework",
         "demo_framework_text": "framework", "demo_measurements": "generate"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"models.demo.{module}"), name)
    globals()[name] = value
    return value
