"""The variation engine: NHS England's Making Data Count XmR method, pure numpy and pandas.

`analyse` takes one series, `analyse_many` thousands in one vectorised pass; both follow the
NHSRplotthedots reference point for point (see docs/spc.md). Nothing here imports the rest of
the project: the engine takes numbers and returns numbers.
"""

from digests.spc.engine import analyse
from digests.spc.many import analyse_many
from digests.spc.model import Improvement, SpcInputError, SpcManyResult, SpcResult, SpcSummary
from digests.spc.rates import wilson_interval

__all__ = ["Improvement", "SpcInputError", "SpcManyResult", "SpcResult", "SpcSummary", "analyse",
           "analyse_many", "wilson_interval"]
