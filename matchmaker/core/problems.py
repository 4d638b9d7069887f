"""Shared problems: two answers to "What are the problems you're grappling
with?" overlap when they name a topic in common (the topics as normalised
for the whole room) or when their telling words are nearly the same
(rapidfuzz, so word order, plurals and typos do not matter)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from matchmaker.core.score_weights import PROBLEM_SIMILAR

QUESTION = "What are the problems you're grappling with?"  # the source text's own words
# Words that say nothing about which problem it is.
_FILLER = frozenset(
    """a an the and or but of to in on at by for from with without into about that this these
    those which who whom where when what how why my our your their his her its me we you
    they them i is are was were be been am do does did not no cannot can could should would
    will yet keep keeps one some any other others than then there here very just still need
    needs want wants get getting make making""".split()  # noqa: SIM905
)


def telling_words(text: str) -> str:
    """The words of a problem that say which problem it is, sorted, as one string."""
    words = {w for w in re.findall(r"[\w+#]+", text.casefold()) if w not in _FILLER}
    return " ".join(sorted(w for w in words if len(w) > 1))


def similar(rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
    """Which problem answers (as ``telling_words``) of rows and columns
    overlap in wording; an empty answer overlaps with nothing."""
    out = np.zeros((len(rows), len(cols)), dtype=bool)
    have_r = [i for i, t in enumerate(rows) if t]
    have_c = [j for j, t in enumerate(cols) if t]
    if have_r and have_c:
        ratio = cdist(
            [rows[i] for i in have_r],
            [cols[j] for j in have_c],
            scorer=fuzz.token_set_ratio,
            score_cutoff=PROBLEM_SIMILAR,
            dtype=np.uint8,
        )
        out[np.ix_(have_r, have_c)] = ratio >= PROBLEM_SIMILAR
    return out
