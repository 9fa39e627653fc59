"""What kind of question a message is, before anyone looks for its subject.

"thanks", "who owns delayed discharges?", "why is this red?", "what does no real change
mean?", "what's late?", "2": each is a conversation of its own, not a topic to fuzzy-match
(matched as a topic, "thank you!" once offered the outcome that mentions "you"). Pure: the
text in, a kind and the words that kind acts on out. `handlers.intents.read` calls `classify`
for anything that is not a command, so every adapter reads these the same way.
"""

from __future__ import annotations

import re
import unicodedata

from digests.words.definitions import term_for

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

_THANKS = r"thanks?|thank you|thankyou|thx|cheers|many thanks|much appreciated|ta very much"
_HELLO = (r"hello|hi|hiya|hey|hey there|hi there|hello there|howdy|good morning|"
          r"good afternoon|good evening|morning|afternoon|evening")
_BYE = r"bye|goodbye|bye bye|see you|see ya|cheerio|night|good night"
_OK = r"ok|okay|great|cool|nice|lovely|perfect|brilliant|got it|fab|super|excellent"
_TAIL = r"(?:\s+(?:so much|a lot|very much|again|there|all|everyone|goldthread|bot|mate|team))*"
SMALL_TALK = {
    kind: re.compile(rf"^(?:{words}){_TAIL}$")
    for kind, words in (("thanks", _THANKS), ("hello", _HELLO), ("bye", _BYE), ("ok", _OK))
}
_GRATEFUL_OK = re.compile(rf"^(?:{_OK})[\s,]+(?:{_THANKS}){_TAIL}$")

_HELP = re.compile(r"^(?:what (?:can|do) (?:you|i) (?:do|ask|say)|what do you do|"
                   r"how does (?:this|it) work|how do i use (?:this|you|it)|commands|menu|"
                   r"what are you|who are you)$")
_OWNER = re.compile(
    r"^who(?:'s| is| are|s)?\s+(?:the\s+)?(?:owns?|owner of|owners of|responsible for|"
    r"accountable for|in charge of|leads? on|leading on|leads|looking after|looks after|"
    r"runs|to (?:talk|speak) to about|can i (?:talk|speak) to about)\s+(?P<topic>.+)$")
_WHY = re.compile(
    r"^why\s+(?:is|are|has|have|does|do|did|'s)\s+(?P<topic>.+?)\s+(?:showing\s+|shown\s+as\s+|"
    r"marked\s+|flagged\s+(?:as\s+)?|coloured\s+|colored\s+)?"
    r"(?P<what>red|orange|amber|blue|purple|grey|gray|getting worse|worse|worsening|"
    r"improving|better|changed|flagged|a concern|concerning|not meeting the target|"
    r"off target|missing the target|below target|above target|so high|so low|up|down)$")
_THIS = frozenset({"this", "that", "it", "these", "those", "this one", "that one", "they"})
_EXPLAIN = re.compile(
    r"^(?:what(?:'s| is| are| does| do)?|whats)\s+(?:is\s+|are\s+|does\s+|do\s+)?(?:meant by\s+)?"
    r"(?P<phrase>.+?)(?:\s+mean|\s+means|\s+stand for)?$|"
    r"^(?:define|explain|meaning of|what's meant by|what is meant by)\s+(?P<phrase2>.+)$")
_FOR_TOPIC = re.compile(r"^(?P<term>.+?)\s+(?:for|of|on|in)\s+(?P<topic>.+)$")
_LATE = re.compile(
    r"^(?:what(?:'s| is| are)?|whats|is anything|anything|any|which|is there any)\s+"
    r"(?:data\s+|figures?\s+|numbers\s+|measures?\s+)?(?:is\s+|are\s+)?late(?:\s+data)?$|"
    r"^(?:late|missing)\s+(?:data|figures|numbers)$|^what data is (?:late|missing)$")
_OVERDUE = re.compile(r"\boverdue\b|\blate actions?\b|\bpast (?:their |the )?due\b|"
                      r"\bmissed deadlines?\b")
_PICK = re.compile(r"^(?:#|no\.?|number|option|choice)?\s*(?P<n>\d{1,2})\s*[.)]?$")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINAL = re.compile(r"^(?:the\s+)?(?P<word>first|1st|second|2nd|third|3rd)(?:\s+one)?$")


def classify(text: str) -> tuple[str, str]:
    """(kind, words) for a message that is not a command. Kinds: smalltalk (words: thanks,
    hello, bye or ok), help, explain (words: a term key from digests.words.definitions), why
    (the subject, or "" for "this"), owner (the subject), late, overdue, pick (a number), and
    ask (the question itself)."""
    folded = _fold(text)
    if not folded:
        return "ask", text
    for kind, pattern in SMALL_TALK.items():
        if pattern.match(folded):
            return "smalltalk", kind
    if _GRATEFUL_OK.match(folded):
        return "smalltalk", "thanks"
    if _HELP.match(folded):
        return "help", ""
    picked = _pick(folded)
    if picked is not None:
        return "pick", str(picked)
    found = _OWNER.match(folded)
    if found:
        return "owner", _topic(found.group("topic"), text)
    found = _WHY.match(folded)
    if found:
        topic = found.group("topic")
        return "why", "" if topic in _THIS else _topic(topic, text)
    if _LATE.match(folded):
        return "late", ""
    if _OVERDUE.search(folded):
        return "overdue", ""
    explained = _explain(folded, text)
    if explained is not None:
        return explained
    return "ask", text


def _explain(folded: str, text: str) -> tuple[str, str] | None:
    found = _EXPLAIN.match(folded)
    if not found:
        return None
    phrase = (found.group("phrase") or found.group("phrase2") or "").strip(" '\"“”")
    term = term_for(phrase)
    if term is not None:
        return "explain", term.key
    # "what is the usual range for A&E?": a question about A&E, whose answer gives the range.
    about = _FOR_TOPIC.match(phrase)
    if about and term_for(about.group("term")) is not None:
        return "ask", _topic(about.group("topic"), text)
    return None


def _pick(folded: str) -> int | None:
    found = _PICK.match(folded)
    if found:
        return int(found.group("n"))
    found = _ORDINAL.match(folded)
    return _ORDINALS[found.group("word")] if found else None


def _fold(text: str) -> str:
    """Lower case, plain apostrophes, no trailing punctuation or emoji, single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    folded = re.sub(r"[\s]+", " ", folded).strip()
    folded = re.sub(r"[\s?!.,:;…)(\"“”]+$", "", folded)
    folded = re.sub(r"[^\w\s'&+#.,-]+$", "", folded).strip()  # a trailing emoji or smiley
    return re.sub(r"[?!.,;:]+$", "", folded).strip()


def _topic(folded_topic: str, original: str) -> str:
    """The subject as the person wrote it, when it can be found in their words."""
    topic = folded_topic.strip(" '\"“”")
    at = original.casefold().find(topic)
    return original[at : at + len(topic)] if at >= 0 else topic
