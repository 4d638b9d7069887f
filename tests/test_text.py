"""The fast paths of text cleaning change nothing: for every code point, a
one-line field, a long answer and the "something visible" check give what
the full rule gives (the fast paths skip the rule when text is printable)."""

from __future__ import annotations

import sys
import unicodedata

from matchmaker.core import text


def full_one_line(value: str) -> str:
    return text._UNSAFE.sub("", text._BREAKS.sub(" ", value)).strip()


def full_long_answer(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n").replace("\u0085", "\n")
    return text._UNSAFE.sub("", value).strip()


def full_has_visible(value: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in value)


def test_fast_paths_agree_with_the_full_rules_for_every_code_point() -> None:
    for point in range(sys.maxunicode + 1):
        if 0xD800 <= point <= 0xDFFF:  # surrogates are not characters
            continue
        c = chr(point)
        inside = f"a{c}b"
        assert text.one_line(inside) == full_one_line(inside), hex(point)
        assert text.long_answer(inside) == full_long_answer(inside), hex(point)
        assert text.has_visible(c) == full_has_visible(c), hex(point)
