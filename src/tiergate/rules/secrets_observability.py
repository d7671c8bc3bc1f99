"""Monitoring and logging services: New Relic, Sentry, Sumo Logic, PagerDuty, Rollbar, Splunk.

Sentry organisation tokens embed a base64 JSON claim (``{"iat": …``), which the pattern
anchors on; the other formats rely on their prefix or on the provider name in the key.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._keyed_secrets import UUID, has_digit, keyed, prefixed

_NEW_RELIC = ("newrelic", "new-relic", "new_relic", "new.relic")

# Sumo Logic names: "sumo" or "sumologic" followed by a separator or a camelCase part, so
# that sumOfValues and sumObj do not count.
_SUMO_NAME = r"(?:(?i:logic))?(?:[_.\-]|[A-Z])"

RULES: list[Rule] = [
    # ---- New Relic -----------------------------------------------------------------------
    prefixed(
        "new-relic-user-api-key",
        r"NRAK-[A-Za-z0-9]{27}",
        ("nrak-",),
        score=0.95,
        note="New Relic user API key",
    ),
    prefixed(
        "new-relic-insert-key",
        r"NRII-[A-Za-z0-9_-]{32}",
        ("nrii-",),
        score=0.95,
        note="New Relic insert (ingest) key",
    ),
    prefixed(
        "new-relic-query-key",
        r"NRIQ-[A-Za-z0-9_-]{32}",
        ("nriq-",),
        score=0.95,
        note="New Relic insights query key",
    ),
    prefixed(
        "new-relic-browser-api-token",
        r"NRJS-[a-fA-F0-9]{19}",
        ("nrjs-",),
        score=0.9,
        note="New Relic browser API token",
    ),
    prefixed(
        "new-relic-license-key",
        r"[a-fA-F0-9]{36}NRAL",
        ("nral",),
        score=0.9,
        note="New Relic ingest license key (…NRAL)",
    ),
    keyed(
        "new-relic-user-api-id",
        _NEW_RELIC,
        "[A-Za-z0-9]{64}",
        note="New Relic user API id",
    ),
    # ---- Sentry --------------------------------------------------------------------------
    prefixed(
        "sentry-org-token",
        r"sntrys_eyJpYXQiO[A-Za-z0-9+/]{10,400}={0,2}_[A-Za-z0-9+/]{43}",
        ("sntrys_",),
        type_="TOKEN",
        score=0.95,
        note="Sentry organisation auth token",
    ),
    prefixed(
        "sentry-user-token",
        r"sntryu_[a-fA-F0-9]{64}",
        ("sntryu_",),
        type_="TOKEN",
        score=0.95,
        note="Sentry user auth token",
    ),
    keyed(
        "sentry-access-token",
        ("sentry",),
        "[a-fA-F0-9]{64}",
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:token|key|auth|secret))",
        type_="TOKEN",
        min_entropy=3.0,
        note="Sentry auth token (64 hex, before the sntry prefixes)",
    ),
    # ---- Sumo Logic ----------------------------------------------------------------------
    keyed(
        "sumologic-access-id",
        ("sumo",),
        "su[A-Za-z0-9]{12}",
        name_suffix=_SUMO_NAME,
        validators=(has_digit,),
        note="Sumo Logic access id",
    ),
    keyed(
        "sumologic-access-token",
        ("sumo",),
        "[A-Za-z0-9]{64}",
        name_suffix=_SUMO_NAME,
        type_="TOKEN",
        note="Sumo Logic access key",
    ),
    # ---- PagerDuty, Rollbar, Splunk -----------------------------------------------------
    keyed(
        "pagerduty-api-key",
        ("pagerduty", "pager_duty", "pager-duty"),
        "[A-Za-z0-9_+-]{20}",
        note="PagerDuty REST API key",
    ),
    keyed(
        "rollbar-access-token",
        ("rollbar",),
        "[a-f0-9]{32}",
        type_="TOKEN",
        min_entropy=3.0,
        note="Rollbar project or account access token",
    ),
    keyed(
        "splunk-hec-token",
        ("splunk",),
        UUID,
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:token|hec|key|auth))",
        type_="TOKEN",
        note="Splunk HTTP Event Collector token",
    ),
]
