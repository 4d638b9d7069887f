"""Every number that weighs a score, in one place: the four components'
weights (they add up to 1) and the constants inside each. ``scoring.py``
uses them; ``features.py`` bakes some into its tables."""

from __future__ import annotations

# The one place the weights live; they add up to 1.
WEIGHTS = {
    "topics": 0.35,  # shared topics and study partners, rarer topics counting more
    "teaching": 0.30,  # one can teach what the other wants to learn
    "motivations": 0.20,  # the same, close or complementary reasons for coming
    "orientation": 0.15,  # closeness on process vs result
}
COMPONENTS = tuple(WEIGHTS)
COMPONENT_LABELS = {
    "topics": "shared topics",
    "teaching": "teaching and learning",
    "motivations": "motivations",
    "orientation": "process–result fit",
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
