"""What we keep of what people type, and how it may be printed.

Control characters (C0, C1, DEL), bidirectional embeddings, overrides and
isolates, and invisible direction marks are never kept: they can move a
terminal's cursor, recolour it, or make a name read backwards. One-line
fields (a name, an email, a topic) also lose line breaks; long answers keep
them. A name must have something visible in it."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# C0 except tab and newline, DEL, C1; bidi embeddings/overrides (202A–202E),
# isolates (2066–2069), marks (200E, 200F, 061C).
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_BREAKS = re.compile("\r\n|[\r\n\t\u0085\u2028\u2029]")


@cache
def splitter(separators: str) -> re.Pattern[str]:
    """A pattern that splits a list answer at any of these characters."""
    return re.compile("[" + re.escape(separators) + "]")


def one_line(value: str) -> str:
    """A one-line field as typed, minus what is unsafe; line breaks and tabs
    become spaces; trimmed."""
    if value.isprintable():  # no control, format or line-break character: the common case
        return value.strip()
    return _UNSAFE.sub("", _BREAKS.sub(" ", value)).strip()


def long_answer(value: str) -> str:
    """A long answer as typed, line breaks kept (as ``\\n``), minus what is unsafe."""
    if value.isprintable():
        return value.strip()
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\u0085", "\n")
    return _UNSAFE.sub("", text).strip()


def has_visible(value: str) -> bool:
    """Something a reader can see: a letter, digit, punctuation or symbol
    (zero-width spaces, joiners and lone combining marks are not)."""
    if value.isascii() and value.isprintable():  # every printable ASCII character but space is
        return bool(value.strip(" "))
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in value)


def printable(value: object) -> str:
    """Any text made safe to print on one terminal line, blanks collapsed."""
    return " ".join(one_line(str(value)).split())


@lru_cache(maxsize=1 << 16)  # a save compares the name with everyone's
def name_key(name: str) -> str:
    """How names compare: "Ana", "Ana" with a zero-width space, "Ａｎａ" and
    "ANA" are one name (NFKC, format characters removed, blanks collapsed,
    case folded), so nobody can join as a look-alike of someone else."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split()).casefold()


def email_key(email: str) -> str:
    """How emails compare: NFKC, case folded ("ADA@Example.org" is "ada@example.org")."""
    return unicodedata.normalize("NFKC", email).casefold()


_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: they shape their neighbours


def shown_name(name: str) -> str:
    """A name as it is kept and shown: as typed, minus invisible format
    characters (zero-width spaces, word joiners, soft hyphens, byte-order
    marks), so a slip, a table or the projector never holds what no reader
    can see. A joiner between two visible characters stays: it shapes them
    (a Persian name, an emoji sequence)."""
    if name.isprintable():  # no format character at all: the common case
        return name
    kept = []
    for at, ch in enumerate(name):
        if unicodedata.category(ch) == "Cf":
            between = 0 < at < len(name) - 1 and ch in _JOINERS
            if not (between and _shaped(name[at - 1]) and _shaped(name[at + 1])):
                continue
        kept.append(ch)
    return "".join(kept)


def _shaped(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMS"
