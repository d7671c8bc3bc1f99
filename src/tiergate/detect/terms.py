"""Organisation terms from the policy (code names, customer names, internal domains)."""

from __future__ import annotations

from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.findings import Category, Explanation, Finding


class TermsDetector:
    """Finds fixed terms, case-insensitively, as whole words. The terms are the keywords,
    so the engine's one keyword pass already located every occurrence."""

    def __init__(
        self, id: str, category: Category, type: str, values: tuple[str, ...], score: float
    ) -> None:
        self.id = id
        self.category = category
        self.type = type
        self.score = score
        self.keywords = frozenset(v.strip().lower() for v in values)
        self.context_words: frozenset[str] = frozenset()

    def detect(self, doc: Document) -> Iterator[Finding]:
        for term in self.keywords:
            length = len(term.encode("utf-8"))
            for pos in doc.hits.get(term, ()):
                if doc.is_whole_word(pos, length):
                    yield Finding(
                        start=pos,
                        end=pos + length,
                        type=self.type,
                        category=self.category,
                        detector=self.id,
                        score=self.score,
                        explanation=Explanation(pattern=self.id, note="policy term"),
                    )
