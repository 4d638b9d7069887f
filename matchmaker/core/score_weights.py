"""Every number that weighs a score, in one place: the components' weights,
the constants inside each, and the evening's emphasis on them (a preset such
as "skill exchange", each criterion 0-3). ``scoring.py`` uses them;
``features.py`` bakes some into its tables."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from matchmaker.core.errors import UserError

# The one place the weights live; they add up to 1.
WEIGHTS = {
    "topics": 0.35,  # shared topics and study partners, rarer topics counting more
    "teaching": 0.30,  # one can teach what the other wants to learn
    "motivations": 0.20,  # the same, close or complementary reasons for coming
    "orientation": 0.15,  # closeness on process vs result
}
# Components an evening can add (each off in the standard weighting): learning
# the same topic, and a problem answer much like the other's.
EXTRA_WEIGHTS = {"learning": 0.30, "problems": 0.30}
COMPONENTS = tuple(WEIGHTS)
ALL_COMPONENTS = (*COMPONENTS, *EXTRA_WEIGHTS)
COMPONENT_LABELS = {
    "topics": "shared topics",
    "teaching": "teaching and learning",
    "motivations": "motivations",
    "orientation": "process–result fit",
    "learning": "learning the same",
    "problems": "a shared problem",
}
TOPICS_FULL = 1.5  # rarity-weighted shared topics at which the topic component is full
STUDY_PARTNERS = 0.8  # a topic both want to learn, against one both are into
RELATED = 0.5  # related topics of one family, against one shared topic
TEACH_ONE_TOPIC = 0.75  # a direction with one topic …
TEACH_EXTRA_TOPIC = 0.10  # … and each further topic
TUTOR_BOOST = 1.25  # the teacher is motivated by learning through tutoring
TEACH_BEST, TEACH_OTHER = 0.6, 0.4  # mutual teaching counts more than one-way
MOTIVE_SHARED = 0.6  # the share of the smaller set of motives in common …
MOTIVE_CLOSE = 0.5  # … where a close motive (same family) counts half …
MOTIVE_MAIN = 0.2  # … plus this when one person's main reason is the other's too …
MOTIVE_COMPLEMENT = 0.4  # … or when their motives complete each other on a topic
# Motivation tags that complete each other: someone who learns by teaching and
# someone seeking training (when the first can teach the second something they
# want); someone who thinks through debate and someone who wants feedback on
# their understanding (when they share a topic to talk about).
TUTORING, SEEKS_TRAINING, DEBATE, SEEKS_FEEDBACK = (
    "tutoring",
    "seeks-training",
    "debate",
    "seeks-feedback",
)
PROBLEM_SIMILAR = 70  # rapidfuzz token-set ratio (0-100) of telling words: the same problem

# --- the evening's emphasis -----------------------------------------------------------

# The organiser's name of each criterion (``pair --weights topics=3,…``) and
# the component it weighs.
CRITERIA = {
    "topics": "topics",
    "teaching": "teaching",
    "motives": "motivations",
    "pace": "orientation",
    "learning": "learning",
    "problems": "problems",
}
MOST = 3  # a criterion counts 0 (not at all) … 3 (three times its standard weight)


@dataclass(frozen=True)
class Weighting:
    """How much each criterion counts tonight, 0-3; 1 is its standard weight
    (the four standard criteria at 1 and the others at 0 score as always).
    A pair's score stays 0-100: the weights are shares of the whole."""

    topics: int = 1
    teaching: int = 1
    motives: int = 1
    pace: int = 1
    learning: int = 0
    problems: int = 0
    preset: str = "standard"  # the preset it came from

    def __post_init__(self) -> None:
        for name in CRITERIA:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MOST:
                raise UserError(
                    f"The weight of {name} must be a whole number from 0 to {MOST}, not {value!r}.",
                    field="weights",
                )
        if not any(getattr(self, name) for name in CRITERIA):
            raise UserError("At least one weight must be above 0.", field="weights")

    def values(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CRITERIA}

    def shares(self, pace_counts: bool = True) -> dict[str, float]:
        """Each component's share of a score (they add up to 1); pace none
        when ``pace_counts`` is False (an evening that ignores it)."""
        base = {**WEIGHTS, **EXTRA_WEIGHTS}
        raw = {
            component: base[component] * getattr(self, name) for name, component in CRITERIA.items()
        }
        if not pace_counts:
            raw["orientation"] = 0.0
        total = sum(raw.values())
        if total == 0:
            raise UserError("With pace ignored, another weight must be above 0.", field="weights")
        return {component: value / total for component, value in raw.items()}

    @property
    def adjusted(self) -> bool:
        """Changed from its preset's own weights."""
        return self.values() != PRESETS[self.preset].values()

    @property
    def title(self) -> str:
        """ "skill exchange", or "skill exchange, adjusted"."""
        return f"{self.preset}, adjusted" if self.adjusted else self.preset

    def text(self) -> str:
        """ "topics 1 · teaching 3 · motives 1 · pace 1" (criteria at 0 left out)."""
        return " · ".join(f"{name} {value}" for name, value in self.values().items() if value)

    def leading(self) -> list[str]:
        """The criteria that count most tonight."""
        top = max(self.values().values())
        return [name for name, value in self.values().items() if value == top]

    def changed(self, spec: str) -> Weighting:
        """These weights with ``topics=3,pace=0``-style changes."""
        changes: dict[str, int] = {}
        for item in spec.split(","):
            name, sign, value = (part.strip() for part in item.partition("="))
            if name.casefold() not in CRITERIA or not sign:
                raise UserError(
                    f"{item.strip()!r} is not a weight; write NAME=N with NAME one of "
                    f"{', '.join(CRITERIA)} and N from 0 to {MOST}, e.g. topics=3,motives=1.",
                    field="weights",
                )
            if not value.isdigit():
                raise UserError(
                    f"The weight of {name} must be a whole number from 0 to {MOST}, not {value!r}.",
                    field="weights",
                )
            changes[name.casefold()] = int(value)
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return {"preset": self.preset, **self.values()}

    @classmethod
    def from_dict(cls, value: object) -> Weighting:
        """As stored (``as_dict``); anything unreadable is the standard weighting."""
        if not isinstance(value, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        try:
            found = cls(**{k: v for k, v in value.items() if k in known})
        except (UserError, TypeError):
            return cls()
        return found if found.preset in PRESETS else replace(found, preset="standard")


STANDARD = Weighting()  # every evening's weights unless the organiser chooses others
PRESETS = {
    "standard": STANDARD,
    # Teach ↔ learn first: one's "can teach" meeting the other's "want to learn".
    "skill exchange": Weighting(teaching=3, topics=1, motives=1, pace=1, preset="skill exchange"),
    # Both want to learn the same thing; teaching aside.
    "study partners": Weighting(
        learning=3, topics=1, teaching=0, motives=1, pace=1, preset="study partners"
    ),
    # Why people came and what they are into, beyond any one skill.
    "meet people": Weighting(motives=3, topics=2, teaching=0, pace=1, preset="meet people"),
    # Tables around a problem people share (their answers to "What are the
    # problems you're grappling with?").
    "project tables": Weighting(
        problems=3, topics=1, teaching=1, motives=0, pace=1, preset="project tables"
    ),
}


def preset(name: str) -> Weighting:
    """A preset by name ("skill exchange", "skill-exchange", any case)."""
    wanted = " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()
    if wanted not in PRESETS:
        raise UserError(
            f"{name!r} is not a preset; the presets are {', '.join(PRESETS)}.", field="preset"
        )
    return PRESETS[wanted]
