"""Hostile text for the chat's tests, and what may never reach a Slack reader.

Everything a person could type or paste: 10,000 characters, control characters and terminal
escapes, bidi overrides, emoji and their joiners, channel pings, user and channel mentions,
masked links, mrkdwn and Markdown, SQL-looking text, format strings, lone surrogates (a JSON
body can carry one), every Unicode space.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from hypothesis import strategies as st

SPACES = [chr(n) for n in range(sys.maxunicode + 1)
          if not 0xD800 <= n <= 0xDFFF and unicodedata.category(chr(n)) in ("Zs", "Zl", "Zp")]
NASTY = ["<!channel>", "<!here>", "<!everyone>", "<@U0AMINA>", "<@U123|boss>", "<#C0REABLE>",
         "<https://evil.example|click here>", "<http://evil.example>", "<mailto:x@evil.example>",
         "*bold* _it_ ~gone~ `code` ```block```", "[click](https://evil.example)", "> quote",
         "'; DROP TABLE suggestion; --", "1 OR 1=1", "%s %d {0} {x}", "&amp; &lt; &gt;",
         "\x00", "\x1b[2J\x1b[H", "\x07", "\x08\x08", "\r", "\u202e", "\u2066", "\u200f",
         "\u200b", "\ufeff", "🙂", "👩\u200d⚕️", "🇬🇧", "Ω≈ç√", "مرحبا", "שלום", "\ud800",
         *SPACES]
WORDS = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
PIECES = st.one_of(st.sampled_from(NASTY), WORDS, st.sampled_from(["suggest ", "note ",
                                                                   "anonymous: ", "/perf "]))
HOSTILE = st.one_of(
    st.lists(PIECES, max_size=12).map("".join),
    st.builds(lambda piece, n: piece * n, st.sampled_from([*NASTY, "idea "]),
              st.integers(min_value=500, max_value=10_000)),
)
LIVE = ("<!", "<@", "<#", "<http", "<mailto")  # what Slack would turn into a ping or a link


def shown(found: Any) -> Any:
    """What Slack shows of a payload: all of it but buttons' values, which are data carried
    back to us and never displayed or parsed for mentions."""
    if isinstance(found, list):
        return [shown(item) for item in found]
    if isinstance(found, dict):
        return {k: shown(v) for k, v in found.items()
                if not (k == "value" and found.get("type") == "button")}
    return found


def assert_clean(text: str) -> None:
    """No control character (but line breaks and tabs) and no bidi override or isolate."""
    assert not [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs")
                and ch not in "\n\t"], repr(text[:80])
    assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def assert_safe(out: str) -> None:
    """What Slack would be sent: clean, and no mention or link that Slack would make live."""
    for live in LIVE:
        assert live not in out, f"{live!r} would be live in Slack"
    assert_clean(out)
