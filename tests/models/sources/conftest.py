"""The second database these tests pull from (see tests/fakes/warehouse.py)."""

from tests.fakes.warehouse import source_url

__all__ = ["source_url"]
