"""Finding people by what a user typed: one person by name or email (with
"did you mean …"), and the people list's fuzzy filter by name and topics."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from matchmaker.core.errors import UserError
from matchmaker.core.profiles import Profile

FILTER_CUTOFF = 80.0


def haystack(profile: Profile) -> str:
    """Everything a filter looks through for one person."""
    return " ".join([profile.name, *profile.interests, *profile.can_teach, *profile.want_to_learn])


class PeopleIndex:
    """Prepared once per list of people; each query is one vectorised pass."""

    def __init__(self, profiles: Sequence[Profile]):
        self.texts = [utils.default_process(haystack(p)) for p in profiles]

    def filter(self, query: str) -> list[int]:
        """Positions whose text fits every word of the query (typos allowed),
        in their original order; an empty query keeps everyone."""
        words = utils.default_process(query).split()
        if not words:
            return list(range(len(self.texts)))
        keep = set(range(len(self.texts)))
        for word in words:
            hits = process.extract(
                word, self.texts, scorer=fuzz.partial_ratio, score_cutoff=_cutoff(word), limit=None
            )
            keep &= {index for _, _, index in hits}
            if not keep:
                break
        return sorted(keep)


def _cutoff(word: str) -> float:
    # One- and two-letter words must appear as typed ("r" should not match everything
    # with an r in it ... which partial_ratio at 80 would).
    return 100.0 if len(word) <= 3 else FILTER_CUTOFF


def find_person(profiles: Sequence[Profile], wanted: str) -> int:
    """Exact name, then case-insensitive name, then email; otherwise a
    UserError with "did you mean …" suggestions."""
    text = wanted.strip()
    for same in (
        lambda p: p.name == text,
        lambda p: p.name.casefold() == text.casefold(),
        lambda p: bool(p.email) and p.email.casefold() == text.casefold(),
    ):
        hits = [i for i, p in enumerate(profiles) if same(p)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            emails = ", ".join(profiles[i].email or "no email" for i in hits)
            raise UserError(
                f"{len(hits)} people are called {wanted!r} ({emails}); name one of them by email."
            )
    suggestions = process.extract(
        text,
        [p.name for p in profiles],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=3,
        score_cutoff=60,
    )
    if suggestions:
        best = suggestions[0][1]
        suggestions = [s for s in suggestions if s[1] >= best - 10]
    hint = (
        " Did you mean " + join_or([repr(s[0]) for s in suggestions]) + "?" if suggestions else ""
    )
    raise UserError(f"Nobody called {wanted!r} is in this event.{hint}")


def join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
