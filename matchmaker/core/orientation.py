"""Process vs result: the one home of orientation.

The texts: some people come for the process and tolerate a long path; others
tolerate delay only while the end result stays in sight. Each person gets a
place on a 1–5 scale (1 = all about the process, 5 = all about the result),
asked in plain questions, never as a number. Everything that reads that
scale — its words, its sides, how close two people are, when they clash and
how that is said — lives here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from enum import IntEnum, StrEnum
from functools import cache

UNKNOWN = 0  # the code of "never asked" in the vectorised tables below


class Side(StrEnum):
    PROCESS = "process"
    BALANCED = "balanced"
    RESULT = "result"


class Orientation(IntEnum):
    """1 = all about the process … 5 = all about the result (DESIGN)."""

    PROCESS = 1
    LEANS_PROCESS = 2
    BALANCED = 3
    LEANS_RESULT = 4
    RESULT = 5

    @property
    def lean(self) -> int:
        """-1 process side, 0 balanced, +1 result side: the only thresholds."""
        return (self > 3) - (self < 3)

    @property
    def side(self) -> Side:
        return _SIDE_OF[self]

    @property
    def word(self) -> str:
        return self.side.value


_SIDES = {-1: Side.PROCESS, 0: Side.BALANCED, 1: Side.RESULT}
_SIDE_OF = {o: _SIDES[o.lean] for o in Orientation}  # looked up per person on every import

MEANING = {
    Side.PROCESS: "here mostly for the journey: the talk, the people, the exploring",
    Side.BALANCED: "happy with the journey, as long as it leads somewhere",
    Side.RESULT: "here mostly for a concrete outcome, and soon",
}


def describe(side: Side) -> str:
    """ "process-oriented", "balanced", "result-oriented"."""
    return "balanced" if side is Side.BALANCED else f"{side.value}-oriented"


# --- reading what people wrote -------------------------------------------------------

_PROCESS_WORDS = {"process", "journey", "path", "exploring", "exploration"}
_RESULT_WORDS = {"result", "results", "destination", "outcome", "outcomes", "product", "goal"}
_RESULT_WORDS |= {"goals"}
_BOTH_WORDS = {"both", "balance", "balanced", "mix", "mixed", "equally"}
_STRONG_WORDS = {"all", "only", "purely", "entirely", "totally", "definitely", "always"}


def parse(value: str | int | None) -> Orientation | None:
    """``process``/``balanced``/``result``, plain words for them (journey,
    destination, both …), or 1–5; ValueError otherwise; None when empty.

    Words are graded: one word for a side is a leaning (2 or 4); agreeing
    answers ("journey; exploring") or a strong one ("all about the journey")
    are the ends (1 or 5). Numbers are taken as given."""
    if value is None:
        return None
    if isinstance(value, int):
        return Orientation(value)
    text = " ".join(value.split()).casefold()
    if not text:
        return None
    leading = re.match(r"^([0-9]+(?:\.[0-9]+)?)(?:\s|$|[-–:)])", text)
    if leading:
        number = float(leading.group(1))
        if number != int(number) or not 1 <= number <= 5:
            raise ValueError(f"{value.strip()!r} is out of range; use a whole number from 1 to 5")
        return Orientation(int(number))
    found = _from_words(text)
    if found is None:
        raise ValueError(
            f"{value.strip()!r} is not an orientation; use process, balanced or result, "
            "or 1-5 (1 = all about the process, 5 = all about the result)"
        )
    return found


@cache
def _from_words(text: str) -> Orientation | None:
    """The graded reading of a worded answer (answers repeat: read once)."""
    words = re.findall(r"[a-z]+", text)
    process = sum(w in _PROCESS_WORDS for w in words)
    result = sum(w in _RESULT_WORDS for w in words)
    if any(w in _BOTH_WORDS for w in words) or (process and result):
        return Orientation.BALANCED
    if not (process or result):
        return None
    end = max(process, result) > 1 or any(w in _STRONG_WORDS for w in words)
    if process:
        return Orientation.PROCESS if end else Orientation.LEANS_PROCESS
    return Orientation.RESULT if end else Orientation.LEANS_RESULT


# --- asking ---------------------------------------------------------------------------

# The intake's plain questions. Each answer leans one way (index 0 process,
# 1 both, 2 result); ``from_answers`` turns them into the 1–5 scale.
QUESTIONS: tuple[tuple[str, tuple[str, str, str]], ...] = (
    (
        "A long, open-ended project with no fixed deliverable sounds …",
        ("fun", "fine", "frustrating"),
    ),
    (
        "If our sessions took twice as long as planned, I would …",
        ("enjoy the extra time together", "not mind much", "get impatient"),
    ),
    (
        "At the end, what matters more to me is …",
        ("the time we spent together", "both equally", "what we made or solved"),
    ),
)


def from_answers(answers: Iterable[int | None]) -> Orientation | None:
    """Answers are indexes into each question's three choices (None = skipped).
    Their mean lean, -1 … +1, maps onto 1 … 5; no answers, no orientation."""
    leans = [a - 1 for a in answers if a is not None]
    if not leans:
        return None
    mean = sum(leans) / len(leans)
    return Orientation(math.floor(3 + 2 * mean + 0.5))


# --- two people -------------------------------------------------------------------------

UNKNOWN_FIT = 0.5  # closeness when either never answered


def fit(a: Orientation | None, b: Orientation | None) -> float:
    """Closeness on the scale, 1 (same place) … 0 (opposite ends)."""
    if a is None or b is None:
        return UNKNOWN_FIT
    return 1.0 - abs(a - b) / 4.0


class PacePolicy(StrEnum):
    """What an evening does with process vs result (``pair --pace``)."""

    SEPARATE = "separate"  # people close on the scale sit together (the standard)
    BALANCE = "balance"  # tables mix the two sides, a balanced person as a bridge
    IGNORE = "ignore"  # pace counts for nothing (warnings are still shown)


BRIDGE = 0.75  # a balanced person with someone of either side, against the two sides


def mix(a: Orientation | None, b: Orientation | None) -> float:
    """How much a pair adds to a mixed table, 0 … 1: the two sides together
    most, a balanced person with either side almost as much (the bridge of
    a table of three or more: process, balanced and result add up best),
    two of the same side nothing."""
    if a is None or b is None:
        return UNKNOWN_FIT
    if a.lean * b.lean < 0:
        return 1.0
    if a.lean == b.lean:
        return 0.25 if a.lean == 0 else 0.0
    return BRIDGE


def clash_rank(a: Orientation | None, b: Orientation | None) -> int:
    """0 none, 2 medium, 3 high (``clashes.Severity.rank``).

    Only opposite sides clash: high at the two ends of the scale (1 and 5),
    medium otherwise. A balanced person clashes with nobody: the text asks for
    "a good balance between these different core motivators"."""
    if a is None or b is None or a.lean * b.lean >= 0:
        return 0
    return 3 if abs(a - b) == 4 else 2


def code(value: Orientation | None) -> int:
    """The integer code the tables below are indexed by (0 = unknown)."""
    return UNKNOWN if value is None else int(value)


def table(rule: Callable[[Orientation | None, Orientation | None], float]) -> list[list[float]]:
    """``rule`` for every pair of codes (0 = unknown, 1-5), for vectorised
    lookups: ``numpy.array(table(fit))[code_a, code_b]``."""
    values = [None, *Orientation]
    return [[rule(a, b) for b in values] for a in values]


def in_step(a: Orientation | None, b: Orientation | None) -> bool:
    """Is pace something the two share, a reason to pair them: both answered
    and at most one step apart? Anything else is a note, never a reason."""
    return a is not None and b is not None and abs(a - b) <= 1


def phrase(a: str, oa: Orientation | None, b: str, ob: Orientation | None) -> str:
    """How two people sit on process vs result, in words."""
    if oa is None or ob is None:
        unknown = " and ".join(name for name, o in ((a, oa), (b, ob)) if o is None)
        return f"no process-or-result answer from {unknown}, so their pace is a guess"
    wa, wb = oa.word, ob.word
    if wa == wb:
        side = (
            "balanced between process and result" if oa.side is Side.BALANCED else describe(oa.side)
        )
        return f"both are {side}"
    distance = abs(oa - ob)
    how = "close" if distance <= 1 else "some way apart" if distance == 2 else "far apart"
    return f"{how} on process vs result ({a}: {wa}, {b}: {wb})"
