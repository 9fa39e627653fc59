"""How we compare with similar areas (ingredient 7), pure: rank and quartile, and the funnel plot
that keeps a small area's noise from being read as excellence."""

from digests.peers.funnel import Z95, Z998, Funnel, FunnelUnit, funnel, limits
from digests.peers.position import Position, position

__all__ = ["Z95", "Z998", "Funnel", "FunnelUnit", "Position", "funnel", "limits", "position"]
