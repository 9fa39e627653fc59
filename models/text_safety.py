"""Text from files people edit: remove what hides, misleads or breaks, and quote it safely.

A framework file or a spreadsheet cell can carry characters nobody sees: NUL (PostgreSQL refuses
it in text), terminal escape sequences (which recolour or clear the admin's terminal when a
message quoting the value is printed) and bidirectional overrides (which make text read
differently from what it is, the "Trojan Source" trick). Free text has them removed; ids that
contain them are refused, because removing a character would silently change which item an id
names; and every message that quotes a value shows such characters escaped, on one line.
"""

from __future__ import annotations

import re

# ECMA-48 sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), the 8-bit CSI, and the
# two-character escapes (ESC followed by one character from @ to _).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[@-_]"
)
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\u2028\u2029]")


def hidden_characters(text: str) -> list[str]:
    """The characters `clean` would remove (tab and line breaks aside), as U+XXXX names."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in _HIDDEN.findall(text))
    if "\x1b" in text or "\x9b" in text:
        found.setdefault("U+001B", None)
    return list(found)


def unprintable(text: str) -> list[str]:
    """The characters of an id that cannot be seen or printed (controls, line breaks, invisible
    and bidirectional marks, unusual spaces), as U+XXXX names; empty for a clean id."""
    if text.isprintable():
        return []
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in text if not c.isprintable()))


def clean(text: str, *, multiline: bool = False) -> str:
    """Free text without control characters, escape sequences or bidirectional controls.

    A multi-line value keeps its line breaks (as "\\n") and tabs; a one-line value (a name, a
    title, a cell) gets a space for each, so "Amina\\nShah" reads "Amina Shah", not "AminaShah".
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    else:
        text = _LINE_BREAKS.sub(" ", text)
    return _HIDDEN.sub("", text)


def show(value: object, limit: int = 60) -> str:
    """A value as a message may quote it: one line, anything unprintable escaped, and cut
    short with "…" so a 10,000-character value cannot swamp the message that names it."""
    text = one_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    """Every character that is not printable (line breaks, controls, invisible and
    bidirectional marks, unusual spaces) written as an escape such as \\x1b or \\u202e."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
