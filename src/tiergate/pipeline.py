"""The one pipeline: extract → detect → classify → transform.

The library, the command line and the gateway all call :class:`Engine`, so there is exactly
one place where a decision is made. A chat request is scanned once, as one text made of all
its segments (so that a name in one message and a date of birth in another are linked), and
minimised per destination: a self-hosted provider gets the data as it is (unless the policy
says otherwise), secrets are redacted for every destination.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tiergate.classify import Classification, Decision, classify_findings
from tiergate.detect import Scanner, builtin_detectors
from tiergate.detect.rule import Detector
from tiergate.detect.terms import TermsDetector
from tiergate.extract import Extracted, Rewrite, plain_text
from tiergate.findings import Category, Finding
from tiergate.policy import Action, Policy, load_policy
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

    def scan_request(self, extracted: Extracted) -> RequestScan:
        """Classify every segment of a request with one scan; unknown parts make it tier 3."""
        text, starts = extracted.joined()
        result = classify_findings(text, self.scanner.scan(text), self.policy)
        by_segment: list[list[Decision]] = [[] for _ in extracted.segments]
        for d in result.decisions:
            i = bisect.bisect_right(starts, d.finding.start) - 1
            seg_len = len(extracted.segments[i].text)
            if d.finding.start - starts[i] >= seg_len:
                continue  # starts in the separator between segments: nothing to replace
            local = d.finding.at(
                d.finding.start - starts[i], min(d.finding.end - starts[i], seg_len)
            )
            by_segment[i].append(Decision(local, d.tier, d.action, d.egress_tier))
        unknown = 3 if extracted.unknown_parts else 1
        return RequestScan(
            extracted=extracted,
            classification=result,
            by_segment=by_segment,
            egress_tier=max(result.egress_tier, unknown),
            tier=max(result.tier, unknown),
        )

    def minimise_request(
        self, body: Any, scan: RequestScan, *, self_hosted: bool
    ) -> MinimisedRequest:
        """``body`` minimised for one destination, and the map to restore answers. ``body``
        is never changed: the result shares its unchanged parts (see :class:`Rewrite`)."""
        secrets_only = self_hosted and not self.policy.minimise_self_hosted
        out = Rewrite(body)
        result = MinimisedRequest(body)
        for seg, decisions in zip(scan.extracted.segments, scan.by_segment, strict=True):
            chosen = [
                d for d in decisions if not secrets_only or d.finding.category is Category.SECRET
            ]
            if not any(d.action is not Action.SEND for d in chosen):
                continue
            m = minimise(seg.text, chosen, self.pseudonymiser)
            out.set(seg.path, m.text)
            result.restore_map.update(m.restore_map)
            result.redacted += m.redacted
            result.pseudonymised += m.pseudonymised
        result.body = out.value
        return result

    def fingerprints(self, scan: RequestScan) -> list[str]:
        """Keyed fingerprints of the values found, for the audit trail (never the values)."""
        out = []
        for seg, decisions in zip(scan.extracted.segments, scan.by_segment, strict=True):
            for d in decisions:
                value = d.finding.value(seg.text)
                out.append(
                    f"{d.finding.type}:{self.pseudonymiser.fingerprint(d.finding.type, value)}"
                )
        return out


@dataclass
class RequestScan:
    """A chat request, classified: the tiers, and each segment's decisions."""

    extracted: Extracted
    classification: Classification
    by_segment: list[list[Decision]]
    egress_tier: int
    tier: int


@dataclass
class MinimisedRequest:
    body: Any
    restore_map: dict[str, str] = field(default_factory=dict)
    redacted: int = 0
    pseudonymised: int = 0


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
