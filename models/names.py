"""What to call someone: "Grace" for "Dr Grace Mensah", "Ravi" for "Cllr Ravi Patel".

A greeting by the first word of a name says "Hello Dr" or "Your actions, Cllr". The framework
file may give `short_name`; without one, the first word that is not a title is used.
"""

from __future__ import annotations

import re

_TITLES = """
mr mrs ms miss mx dr doctor prof professor sir dame lord lady baron baroness rev revd
reverend canon father fr sister brother cllr councillor alderman mayor rt hon the capt
captain col colonel maj major lt supt superintendent ch chief insp inspector sgt sergeant pc
constable dci di ds det detective cdr commander judge hhj mp msp mla
"""
TITLES = frozenset(_TITLES.split())


def default_short_name(name: str) -> str:
    """The first word of `name` that is not a title (case and dots ignored), else the name."""
    words = name.split()
    for word in words:
        if re.sub(r"[.\s]", "", word).casefold() not in TITLES:
            return word
    return name.strip()
