"""When two email addresses are the same address.

Identity rests on this, so it is exact: the whole address, ignoring only surrounding spaces and
letter case, never a pattern or a prefix. Case is compared as Unicode defines it (canonical
caseless matching: NFD, case fold, NFD again), because SQL's lower() folds ASCII only on SQLite
and an address may be written with accents in either composed or decomposed form.
"""

from __future__ import annotations

import unicodedata


def email_key(email: str) -> str:
    """The form in which two addresses are compared; equal keys mean the same address."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", email.strip()).casefold())
