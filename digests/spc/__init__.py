"""The variation engine: NHS England's Making Data Count XmR method, pure numpy and pandas.

`analyse` takes one series, `analyse_many` thousands in one vectorised pass; both follow the
NHSRplotthedots reference point for point (see docs/spc.md). Nothing here imports the rest of
the project: the engine takes numbers and returns numbers.

The engine's names are loaded on first use (PEP 562), so that `digests.spc.summary`, which a
kept verdict needs, can be imported without paying for numpy and pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from digests.spc.summary import Improvement, SpcInputError, SpcSummary

if TYPE_CHECKING:
    from digests.spc.engine import analyse
    from digests.spc.many import analyse_many
    from digests.spc.model import SpcManyResult, SpcResult
    from digests.spc.rates import wilson_interval

_LAZY = {"analyse": "digests.spc.engine", "analyse_many": "digests.spc.many",
         "SpcManyResult": "digests.spc.model", "SpcResult": "digests.spc.model",
         "wilson_interval": "digests.spc.rates"}

__all__ = ["Improvement", "SpcInputError", "SpcManyResult", "SpcResult", "SpcSummary", "analyse",
           "analyse_many", "wilson_interval"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
