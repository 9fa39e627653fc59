"""The one in-memory cache: bounded, least recently used forgotten first, safe across threads."""

from __future__ import annotations

import threading

import pytest

from digests.lru import Lru


def test_the_least_recently_used_entry_is_forgotten_first() -> None:
    cache: Lru[str, int] = Lru(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the more recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_the_first_value_stored_wins_and_make_runs_only_on_a_miss() -> None:
    cache: Lru[str, str] = Lru(4)
    made: list[str] = []
    assert cache.get_or_make("k", lambda: made.append("x") or "first") == "first"
    assert cache.get_or_make("k", lambda: made.append("y") or "second") == "first"
    assert cache.put("k", "third") == "first"
    assert made == ["x"]
    assert cache.pop("k") == "first" and cache.get("k") is None


def test_many_threads_never_grow_it_past_its_size() -> None:
    cache: Lru[int, int] = Lru(50)

    def work(offset: int) -> None:
        for n in range(2_000):
            cache.get_or_make((n * 7 + offset) % 400, lambda n=n: n)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50


def test_a_cache_must_hold_something() -> None:
    with pytest.raises(ValueError):
        Lru(0)
