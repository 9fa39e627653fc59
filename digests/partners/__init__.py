"""Mutual accountability between partners (ingredient 2), pure."""
