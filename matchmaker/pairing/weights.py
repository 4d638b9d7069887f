"""Effective pair weights under the organiser's rules, and what a group of
people adds up to. Shared by the pair and group planners."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from matchmaker.core.model import WISH_SHARE, Pair, Rules, key
from matchmaker.core.orientation import clash_rank, table
from matchmaker.core.scoring import self_pairs

DENSE_LIMIT = 600  # up to here the whole room is scored once and kept
BIG = 1_000_000  # outweighs any sum of scores: a rule beats a better score
HIGH_CLASH = 3  # ``orientation.clash_rank`` of a high process-vs-result clash
CHUNK = 1024  # rows of a block scored at once …
BLOCK_ENTRIES = 1 << 25  # … in a room so big that the block would hold more pairs than this …
MIN_ROWS = 128  # … fewer, but at least this many (or each block's fixed costs dominate)
GROUP_BATCH = 384  # people whose groups are scored in one block (measured: 96 took 2×)
CLASH_TABLE = np.array(table(clash_rank), dtype=np.int8)  # clash rank by orientation codes


class ScoreSource(Protocol):
    """Anything that scores a block of people against another (EventScorer does)."""

    orientation_code: np.ndarray  # 0 unknown, 1-5

    def __len__(self) -> int: ...

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray: ...

    def substance(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which pairs share something beyond pace (a topic, teaching, a motive)."""
        ...


class MatrixSource:
    """A ready score matrix as a ScoreSource (for tests and small tools);
    without a ``shares`` matrix, any positive score counts as sharing something."""

    def __init__(
        self,
        scores: np.ndarray,
        orientation_code: np.ndarray | None = None,
        shares: np.ndarray | None = None,
    ):
        self.scores = np.asarray(scores)
        n = len(self.scores)
        self.orientation_code = (
            np.zeros(n, dtype=np.intp) if orientation_code is None else orientation_code
        )
        self.shares = self.scores > 0 if shares is None else np.asarray(shares, dtype=bool)

    def __len__(self) -> int:
        return len(self.scores)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.scores[np.ix_(rows, cols)]

    def substance(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.shares[np.ix_(rows, cols)]


class SubsetSource:
    """Some of a source's people (those present), as a source of their own:
    position i here is ``people[i]`` there."""

    def __init__(self, source: ScoreSource, people: Sequence[int]):
        self.source = source
        self.people = np.asarray(people, dtype=np.int64)
        self.orientation_code = source.orientation_code[self.people]

    def __len__(self) -> int:
        return len(self.people)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.source.block(self.people[rows], self.people[cols])

    def substance(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.source.substance(self.people[rows], self.people[cols])

    def rules(self, rules: Rules) -> Rules:
        """The rules in this subset's positions (pairs with someone absent dropped)."""
        at = {int(p): i for i, p in enumerate(self.people)}

        def local(pairs: frozenset[Pair]) -> frozenset[Pair]:
            return frozenset(key(at[a], at[b]) for a, b in pairs if a in at and b in at)

        return replace(
            rules,
            locks=local(rules.locks),
            excludes=local(rules.excludes),
            met=local(rules.met),
            wishes=local(rules.wishes),
            tables=rules.tables.subset([int(p) for p in self.people]),
        )

    def back(self, plan: RoundPlan) -> RoundPlan:
        """A plan made here, in the whole source's positions."""
        out = [int(p) for p in self.people]
        plan.groups = [tuple(out[m] for m in g) for g in plan.groups]
        plan.unplaced = [out[m] for m in plan.unplaced]
        plan.broken = [key(out[a], out[b]) for a, b in plan.broken]
        return plan


def block_rows(people: int) -> int:
    """Rows of a block of ``people`` columns, so a block's memory stays flat."""
    return max(MIN_ROWS, min(CHUNK, BLOCK_ENTRIES // max(people, 1)))


@dataclass
class RoundPlan:
    number: int
    groups: list[tuple[int, ...]]
    unplaced: list[int] = field(default_factory=list)  # fit nowhere without breaking a rule
    broken: list[Pair] = field(default_factory=list)  # had to meet despite a rule
    uneven: bool = False  # the count did not allow groups of the asked size
    scores: list[int] = field(default_factory=list)  # each group's score, as the groups
    moved: int = 0  # people moved away from strangers
    best_total: int = 0  # the tables' total before anyone was moved away from strangers
    notes: list[str] = field(default_factory=list)  # about the whole plan, said once
    fewest_clashes: int | None = None  # no seating of the round has fewer high clashes (proven)


class Weights:
    """Effective pair weights under the rules; ``-1`` marks a pair that must
    not meet (excluded, or met in an earlier round). A wished pair that may
    meet weighs ``bonus`` more (``wish_bonus``)."""

    def __init__(self, source: ScoreSource, rules: Rules, met: set[Pair], bonus: int = 0):
        self.source = source
        self.rules = rules
        self.forbidden = set(rules.excludes) | (met - set(rules.locks))
        self.wishes = set(rules.wishes) - self.forbidden if bonus else set()
        self.bonus = bonus
        self._dense: np.ndarray | None = None

    def scores(self, rows: np.ndarray, cols: np.ndarray, dtype: type = np.int32) -> np.ndarray:
        if len(self.source) <= DENSE_LIMIT:
            # Small rooms are scored once and then read many times (the trio search).
            if self._dense is None:
                everyone = np.arange(len(self.source))
                self._dense = self.source.block(everyone, everyone).astype(np.int32)
                self._set(self._dense, everyone, everyone, self.wishes, self.bonus, add=True)
            return self._dense[np.ix_(rows, cols)].astype(dtype, copy=False)
        values: np.ndarray = self.source.block(rows, cols).astype(dtype, copy=False)
        self._set(values, rows, cols, self.wishes, self.bonus, add=True)
        return values

    def high_clash(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        o = self.source.orientation_code
        return CLASH_TABLE[o[rows][:, None], o[cols][None, :]] == HIGH_CLASH

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Weights of rows × columns: scores (int16, as scored, unless the
        clash bonus needs int32), -1 where a pair must not meet."""
        wide = self.rules.avoid_clashes or self.wishes
        weights = self.scores(rows, cols, np.int32 if wide else np.int16)
        if self.rules.avoid_clashes:
            weights += BIG * ~self.high_clash(rows, cols)
        self._set(weights, rows, cols, self.forbidden, -1)
        if self.rules.tables.active:
            weights[~self.rules.tables.compatible(rows, cols)] = -1
        weights[self_pairs(rows, cols)] = -1
        return weights

    @staticmethod
    def _set(
        weights: np.ndarray,
        rows: np.ndarray,
        cols: np.ndarray,
        pairs: set[Pair],
        value: int,
        add: bool = False,
    ) -> None:
        """``value`` at (or, with ``add``, added to) each of ``pairs`` in the block."""
        if not pairs:
            return
        row_at = {int(p): i for i, p in enumerate(rows)}
        col_at = {int(p): i for i, p in enumerate(cols)}
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                if x in row_at and y in col_at:
                    at = row_at[x], col_at[y]
                    weights[at] = weights[at] + value if add else value

    def allowed(self, a: int, b: int) -> bool:
        if a == b or key(a, b) in self.forbidden:
            return False
        pair = np.array([a]), np.array([b])
        return not self.rules.tables.active or bool(self.rules.tables.compatible(*pair)[0, 0])

    def seatable(self, a: int, b: int) -> bool:
        """Allowed, and no high clash when clashes are avoided: what a step
        after the plan may seat together."""
        return self.allowed(a, b) and not (
            self.rules.avoid_clashes and self.high_clash(np.array([a]), np.array([b]))[0, 0]
        )


def group_scores(source: ScoreSource, groups: Sequence[Sequence[int]]) -> list[int]:
    """Each group's score: a pair's own score, or the mean over a bigger
    group's pairs (halves rounded up)."""
    sums = within_sums(source.block, groups)
    return [
        0 if len(g) < 2 else int(np.floor(total / (len(g) * (len(g) - 1) / 2) + 0.5))
        for g, total in zip(groups, sums, strict=True)
    ]


def within_sums(
    block: Callable[[np.ndarray, np.ndarray], np.ndarray], groups: Sequence[Sequence[int]]
) -> list[float]:
    """The sum over each group's pairs of ``block`` values."""
    return [
        float(np.triu(values.astype(np.float64), 1).sum()) if len(values) > 1 else 0.0
        for values in within_blocks(block, groups)
    ]


def within_blocks(
    block: Callable[[np.ndarray, np.ndarray], np.ndarray], groups: Sequence[Sequence[int]]
) -> Iterator[np.ndarray]:
    """``block`` of each group against itself, in the groups' order, one call
    per batch of groups (about ``GROUP_BATCH`` people: a call costs ~2 ms
    plus its size, all of the batch against all, so small batches waste least)."""
    start = 0
    while start < len(groups):
        stop, members = start, 0
        while stop < len(groups) and (members == 0 or members + len(groups[stop]) <= GROUP_BATCH):
            members += len(groups[stop])
            stop += 1
        everyone = np.array([x for g in groups[start:stop] for x in g], dtype=np.int64)
        values = block(everyone, everyone)
        at = 0
        for group in groups[start:stop]:
            yield values[at : at + len(group), at : at + len(group)]
            at += len(group)
        start = stop


def wish_bonus(total: int, size: int) -> int:
    """What a wish adds to a pair's weight: just over ``WISH_SHARE`` of the
    plan's total without wishes, in the planners' units (a table's score is
    the mean of its pairs, the planners add its pairs up)."""
    return int(WISH_SHARE * total * size * (size - 1) / 2) + 1
