"""Fuzzy filtering of people by name and topics, for the people list's `/`."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from matchmaker.profiles import Profile

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
