"""The engine's output contract, spelled out once for the tests (DESIGN.md, after
NHSRplotthedots): restated here rather than read from the engine, so a test fails when the
engine's columns or labels drift from the reference's."""

from __future__ import annotations

POINT_COLUMNS = [
    "date",
    "value",
    "rebase_group",
    "mean",
    "lpl",
    "upl",
    "outside_limits",
    "close_to_limits",
    "relative_to_mean",
    "special_cause_type",
    "point_type",
    "short_group_warning",
]
SPECIAL_CAUSE_TYPES = {
    "Common Cause",
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
}
