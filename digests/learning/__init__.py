"""Did a change work? The review-and-learning step (ingredient 8), pure: numbers in, verdicts out.

`evaluate` judges one change on one indicator the Making Data Count way, reusing the variation
engine's rules; `effect` gives the size of the difference with its uncertainty; `words` says
the verdict plainly; `library` searches what was learned across the partnership.
"""

from digests.learning.effect import Effect, mean_difference, t_quantile
from digests.learning.evaluate import (
    MIN_BASELINE,
    NO_BASELINE,
    NO_EFFECT,
    TOO_SOON,
    VERDICTS,
    WORKED,
    WORSE,
    Evaluation,
    evaluate,
)

__all__ = ["MIN_BASELINE", "NO_BASELINE", "NO_EFFECT", "TOO_SOON", "VERDICTS", "WORKED", "WORSE",
           "Effect", "Evaluation", "evaluate", "mean_difference", "t_quantile"]
