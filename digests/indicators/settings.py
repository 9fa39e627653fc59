"""The partnership's SPC settings: the one type the config, the handlers and the digests share.

Kept in a module with no imports of its own, because `bot/config.py` reads it while the CLI
starts (before anything heavy is loaded); an indicator's own settings override these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpcDefaults:
    screen_outliers: bool = True  # the NHS R reference; False matches the MDC Excel tool
    fix_after_n_points: int | None = None  # None: limits from every point since the rebase
