"""Synthetic events for benchmarks: realistic topic spellings (case, hyphens,
plurals, typos, aliases), every motivation, all orientations. Seeded, so
every run measures the same data."""

from __future__ import annotations

import random
from itertools import accumulate

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.orientation import Orientation
from matchmaker.core.profiles import Profile

BASE_TOPICS = [
    "machine learning",
    "deep learning",
    "statistics",
    "python",
    "rust",
    "go",
    "java",
    "javascript",
    "typescript",
    "sql",
    "postgresql",
    "kubernetes",
    "docker",
    "data visualisation",
    "user experience",
    "product management",
    "public speaking",
    "writing",
    "photography",
    "bouldering",
    "chess",
    "cooking",
    "gardening",
    "knitting",
    "economics",
    "philosophy",
    "open data",
    "civic tech",
    "game development",
    "c++",
    "c#",
    "c",
    "r",
    "compilers",
    "embedded systems",
    "robotics",
    "electronics",
    "music production",
    "podcasting",
    "translation",
    "spanish",
    "french",
    "japanese",
    "accessibility",
    "security",
    "linux",
    "devops",
    "cloud computing",
    "web development",
    "react",
    "node.js",
    "graphql",
    "data engineering",
    "airflow",
    "spark",
    "computer vision",
    "natural language processing",
    "ethics of ai",
    "blockchain",
    "solidity",
    "webassembly",
    "gis",
    "climate science",
    "sustainability",
    "urban planning",
    "design",
    "typography",
    "illustration",
    "animation",
    "storytelling",
    "community building",
    "education",
    "mathematics",
    "physics",
    "biology",
    "neuroscience",
    "psychology",
    "finance",
    "marketing",
    "startups",
]


def spellings(topic: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return topic
    if roll < 0.7:
        return topic.title()
    if roll < 0.8:
        return topic.replace(" ", "-")
    if roll < 0.88 and len(topic) > 6:
        i = rng.randrange(1, len(topic) - 2)
        return topic[:i] + topic[i + 1] + topic[i] + topic[i + 2 :]  # swapped letters
    if roll < 0.95:
        return topic + "s" if not topic.endswith("s") else topic
    return topic.upper()


def topic_pool(size: int, rng: random.Random) -> list[str]:
    """BASE_TOPICS plus made-up niche topics, so vocabularies grow with the room."""
    extra = [
        f"{rng.choice(BASE_TOPICS)} {w}"
        for w in ("basics", "research", "tooling", "history", "design", "ops", "theory")
    ]
    niche = [f"niche topic {n}" for n in range(max(0, size - len(BASE_TOPICS) - len(extra)))]
    return (BASE_TOPICS + extra + niche)[:size]


def people(count: int, seed: int = 42, topics: int | None = None) -> list[Profile]:
    rng = random.Random(seed)
    pool = topic_pool(topics or max(80, count // 10), rng)
    # A few popular topics, a long tail; summed once (``choices`` would sum
    # them at every call, the most of a million people's time), same draws.
    cumulative = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))))
    motivations = [m.id for m in load_catalogue()]

    def some(k: int) -> tuple[str, ...]:
        return tuple(
            spellings(t, rng) for t in dict.fromkeys(rng.choices(pool, cum_weights=cumulative, k=k))
        )

    return [
        Profile(
            name=f"Person {n:05d}",
            interests=some(rng.randint(2, 6)),
            can_teach=some(rng.randint(0, 3)),
            want_to_learn=some(rng.randint(0, 3)),
            motivations=tuple(rng.sample(motivations, rng.randint(1, 4))),
            orientation=rng.choice([None, *Orientation]),
        )
        for n in range(count)
    ]


def topic_strings(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = topic_pool(2000, rng)
    return [spellings(rng.choice(pool), rng) for _ in range(count)]
