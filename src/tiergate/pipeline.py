"""The one pipeline: extract → detect → classify → transform.

The library, the command line and (later) the gateway all call :class:`Engine`, so there is
exactly one place where a decision is made.
"""

from __future__ import annotations

import functools
from pathlib import Path

from tiergate.classify import Classification, classify_findings
from tiergate.detect import Scanner, builtin_detectors
from tiergate.detect.rule import Detector
from tiergate.detect.terms import TermsDetector
from tiergate.extract import plain_text
from tiergate.findings import Finding
from tiergate.policy import Policy, load_policy
from tiergate.transform import Minimised, Pseudonymiser, minimise


def detectors_for(policy: Policy) -> list[Detector]:
    """The built-in detectors the policy keeps, plus its organisation terms."""
    off = set(policy.disabled_detectors)
    chosen: list[Detector] = [d for d in builtin_detectors() if d.id not in off]
    for i, terms in enumerate(policy.terms):
        chosen.append(
            TermsDetector(
                f"policy-terms-{i + 1}", terms.category, terms.type, terms.values, terms.score
            )
        )
    return chosen


class Engine:
    """Classifies and minimises texts under one policy. Build once, reuse: building compiles
    the keyword automaton; every call after that only scans."""

    def __init__(
        self, policy: Policy | str | Path | None = None, *, pseudonym_key: bytes | None = None
    ) -> None:
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.scanner = Scanner(detectors_for(self.policy), min_score=self.policy.min_score)
        self.pseudonymiser = Pseudonymiser(pseudonym_key)

    def findings(self, text: str) -> list[Finding]:
        return self.scanner.scan(plain_text(text))

    def classify(self, text: str) -> Classification:
        text = plain_text(text)
        return classify_findings(text, self.scanner.scan(text), self.policy)

    def minimise(self, text: str) -> tuple[Classification, Minimised]:
        text = plain_text(text)
        result = classify_findings(text, self.scanner.scan(text), self.policy)
        return result, minimise(text, result.decisions, self.pseudonymiser)

    def redact(self, text: str) -> str:
        return self.minimise(text)[1].text


@functools.cache
def default_engine() -> Engine:
    return Engine()


def _engine(policy: Policy | str | Path | None) -> Engine:
    return default_engine() if policy is None else Engine(policy)


def classify(text: str, *, policy: Policy | str | Path | None = None) -> Classification:
    """Classify ``text``: its input and egress tier, the reasons and the findings."""
    return _engine(policy).classify(text)


def redact(text: str, *, policy: Policy | str | Path | None = None) -> str:
    """``text`` with secrets redacted and personal data replaced by placeholders."""
    return _engine(policy).redact(text)
