"""Rules about whole tables that the planner must keep, and says it kept:
tablemates share a language to learn in; people who need step-free access
sit at the tables the organiser marks step-free; hosts (people who offered
to host or mentor, or whom the organiser named) at most or at least one a
table. Checked before planning (a room that cannot keep them is refused with
the reason) and after (a plan that does not is refused, never shown)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from matchmaker.core.errors import UserError

if TYPE_CHECKING:  # numpy loads when a plan is made: the model (and attendees) stay light
    import numpy as np


class HostPolicy(StrEnum):
    ANY = "any"  # hosts sit anywhere
    AT_LEAST_ONE = "at-least-one"  # every table has a host
    AT_MOST_ONE = "at-most-one"  # no two hosts at a table
    ONE = "one"  # exactly one host at every table

    @property
    def at_least(self) -> bool:
        return self in (HostPolicy.AT_LEAST_ONE, HostPolicy.ONE)

    @property
    def at_most(self) -> bool:
        return self in (HostPolicy.AT_MOST_ONE, HostPolicy.ONE)


@dataclass(frozen=True)
class TableRules:
    """The table rules, by person position."""

    languages: tuple[frozenset[str], ...] = ()  # each person's; empty: any (never asked)
    access: frozenset[int] = frozenset()  # need a step-free table
    step_free: tuple[int, ...] = ()  # the table numbers the organiser marked step-free
    hosts: frozenset[int] = frozenset()
    host_policy: HostPolicy = HostPolicy.ANY

    @cached_property
    def active(self) -> bool:
        """Whether any rule is set (asked once per block of weights: worked out once)."""
        return any(self.languages) or bool(self.access) or self.host_policy is not HostPolicy.ANY

    def subset(self, people: Sequence[int]) -> TableRules:
        """The rules for some of the people, in their positions there."""
        at = {p: i for i, p in enumerate(people)}
        return TableRules(
            tuple(self.languages[p] for p in people) if self.languages else (),
            frozenset(at[p] for p in self.access if p in at),
            self.step_free,
            frozenset(at[p] for p in self.hosts if p in at),
            self.host_policy,
        )

    def compatible(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which pairs may share a table: a language in common (or one of
        them never said), and not two hosts where a table has at most one."""
        import numpy as np

        ok = np.ones((len(rows), len(cols)), dtype=bool)
        if any(self.languages):
            speaks, anyone = self._speaks
            ok &= (speaks[rows] @ speaks[cols].T > 0) | anyone[rows][:, None] | anyone[cols][None]
        if self.host_policy.at_most and self.hosts:
            ok &= ~(self.host_at(rows)[:, None] & self.host_at(cols)[None, :])
        return ok

    @cached_property
    def _speaks(self) -> tuple[np.ndarray, np.ndarray]:
        """Who can learn in which language (people × languages), and who never said."""
        import numpy as np

        names = sorted({lang for langs in self.languages for lang in langs})
        column = {name: i for i, name in enumerate(names)}
        speaks = np.zeros((len(self.languages), len(names)), dtype=np.float32)
        for person, langs in enumerate(self.languages):
            speaks[person, [column[lang] for lang in langs]] = 1
        return speaks, speaks.sum(axis=1) == 0

    @cached_property
    def is_host(self) -> np.ndarray:
        import numpy as np

        host = np.zeros(max(self.hosts, default=-1) + 1, dtype=bool)
        host[list(self.hosts)] = True
        return host

    def host_at(self, people: np.ndarray) -> np.ndarray:
        """Which of ``people`` host."""
        import numpy as np

        host, out = self.is_host, np.zeros(len(people), dtype=bool)
        inside = people < len(host)
        out[inside] = host[people[inside]]
        return out

    def language(self, table: Sequence[int]) -> str | None:
        """A language every member who said one can learn in (the most widely
        spoken at the table, then by name); None when nobody said one."""
        said = [self.languages[p] for p in table if self.languages and self.languages[p]]
        if not said:
            return None
        common = frozenset.intersection(*said)
        counts = Counter(lang for langs in said for lang in langs)
        return min(common, key=lambda lang: (-counts[lang], lang)) if common else ""

    def value(self, table: Sequence[int], concentrate: bool) -> int:
        """How well a table keeps the rules that trading seats can mend: a
        host where every table needs one, and (``concentrate``, when people
        needing access are spread over more tables than are step-free) no
        one needing access, so that they gather at fewer tables."""
        value = 0
        if self.host_policy.at_least:
            value += any(p in self.hosts for p in table)
        if concentrate:
            value -= any(p in self.access for p in table)
        return value

    def check(self, sizes: Sequence[int], who: Callable[[int], str]) -> None:
        """Refuse, with the reason, a room whose tables cannot keep the rules."""
        tables, n = len(sizes), sum(sizes)
        if self.languages and any(self.languages):
            for person, langs in enumerate(self.languages):
                if langs and not any(
                    not other or langs & other
                    for q, other in enumerate(self.languages)
                    if q != person
                ):
                    raise UserError(
                        f"{who(person)} can learn only in "
                        f"{', '.join(sorted(lang.title() for lang in langs))}, which "
                        "nobody else here can: they cannot share a table.",
                        field="languages",
                    )
        hosts = len(self.hosts)
        if self.host_policy.at_least and hosts < tables:
            raise UserError(
                f"{tables} tables need a host each, but {hosts} of the {n} people host; "
                "name more hosts or choose fewer tables.",
                field="hosts",
            )
        if self.host_policy.at_most and hosts > tables:
            raise UserError(
                f"{hosts} hosts for {tables} tables: at most one a table leaves "
                f"{hosts - tables} without one; name fewer hosts or allow more.",
                field="hosts",
            )
        if self.access:
            if not self.step_free:
                raise UserError(
                    f"{len(self.access)} {'person needs' if len(self.access) == 1 else 'people need'}"
                    " step-free access, but no table is marked step-free.",
                    field="step_free",
                )
            room = sum(sorted(sizes, reverse=True)[: len(self.step_free)])
            if any(t > tables for t in self.step_free):
                raise UserError(
                    f"Table {max(self.step_free)} is marked step-free, but the round has "
                    f"{tables} tables.",
                    field="step_free",
                )
            if len(self.access) > room:
                raise UserError(
                    f"{len(self.access)} people need step-free access, but the "
                    f"{len(self.step_free)} step-free tables seat {room}.",
                    field="step_free",
                )

    def admits(self, number: int, table: Sequence[int], person: int) -> bool:
        """Whether ``person`` may join table ``number`` (from 1) with ``table``
        seated there, keeping every rule a seat added later can keep: one
        language for all, step-free where needed, no second host where a
        table has at most one, and a host at a new table where each needs one."""
        seated = [*table, person]
        if self.languages and self.language(seated) == "":
            return False
        if person in self.access and number not in self.step_free:
            return False
        hosts = sum(p in self.hosts for p in seated)
        if self.host_policy.at_most and hosts > 1:
            return False
        return not (self.host_policy.at_least and len(table) <= 1 and not hosts)

    def broken(self, groups: Sequence[Sequence[int]], who: Callable[[int], str]) -> list[str]:
        """Every way a plan breaks the rules, in words (empty when it keeps them)."""
        found = []
        for group in groups:
            names = ", ".join(who(p) for p in group)
            if self.language(group) == "":
                found.append(f"{names} share no language to learn in")
            hosts = sum(p in self.hosts for p in group)
            if self.host_policy.at_least and not hosts:
                found.append(f"{names} have no host")
            if self.host_policy.at_most and hosts > 1:
                found.append(f"{names} have {hosts} hosts")
        needing = sum(any(p in self.access for p in g) for g in groups)
        step_free = len([t for t in self.step_free if t <= len(groups)])
        if needing > step_free:
            found.append(
                f"people needing step-free access sit at {needing} tables, "
                f"but {step_free} of the {len(groups)} are step-free"
            )
        return found


NO_TABLE_RULES = TableRules()
