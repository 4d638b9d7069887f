"""An input for a list of topics (separated by ; or ,) that completes the
last one from the event's vocabulary as you type."""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual.suggester import Suggester
from textual.widgets import Input

SEPARATORS = ";,"
_LAST_ITEM = re.compile(r"^(.*[;,]\s*)?([^;,]*)$", re.DOTALL)


class TopicSuggester(Suggester):
    """Suggests the most common known topic that starts with what is being typed."""

    def __init__(self, topics: Sequence[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.topics = list(topics)

    async def get_suggestion(self, value: str) -> str | None:
        match = _LAST_ITEM.match(value)
        if match is None:
            return None
        last = match.group(2).lstrip()
        if len(last) < 2:
            return None
        lowered = last.casefold()
        for topic in self.topics:
            if topic.casefold().startswith(lowered) and len(topic) > len(last):
                return value + topic[len(last) :]
        return None


class TopicInput(Input):
    """An Input for topics, with completion from ``topics`` (most common first)."""

    def __init__(
        self, value: str, topics: Sequence[str], *, id: str | None = None, placeholder: str = ""
    ) -> None:
        super().__init__(value, placeholder, suggester=TopicSuggester(topics), id=id)
