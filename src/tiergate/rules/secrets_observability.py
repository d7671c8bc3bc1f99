"""Monitoring and logging services: New Relic, Sentry, Sumo Logic, PagerDuty, Rollbar, Splunk.

Sentry organisation tokens embed a base64 JSON claim (``{"iat": …``), which the pattern
anchors on; the other formats rely on their prefix or on the provider name in the key.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._provider_kit import UUID, has_digit, keyed, prefixed

_NEW_RELIC = ("newrelic", "new-relic", "new_relic", "new.relic")

# Sumo Logic names: "sumo" or "sumologic" followed by a separator or a camelCase part, so
# that sumOfValues and sumObj do not count.
_SUMO_NAME = r"(?:(?i:logic))?(?:[_.\-]|[A-Z])"

RULES: list[Rule] = [
    # ---- New Relic -----------------------------------------------------------------------
    prefixed(
        "new-relic-user-api-key",
        "API_KEY",
        ("nrak-",),
        r"NRAK-[A-Za-z0-9]{27}",
        "New Relic user API key",
        score=0.95,
    ),
    prefixed(
        "new-relic-insert-key",
        "API_KEY",
        ("nrii-",),
        r"NRII-[A-Za-z0-9_-]{32}",
        "New Relic insert (ingest) key",
        score=0.95,
    ),
    prefixed(
        "new-relic-query-key",
        "API_KEY",
        ("nriq-",),
        r"NRIQ-[A-Za-z0-9_-]{32}",
        "New Relic insights query key",
        score=0.95,
    ),
    prefixed(
        "new-relic-browser-api-token",
        "API_KEY",
        ("nrjs-",),
        r"NRJS-[a-fA-F0-9]{19}",
        "New Relic browser API token",
        score=0.9,
    ),
    prefixed(
        "new-relic-license-key",
        "API_KEY",
        ("nral",),
        r"[a-fA-F0-9]{36}NRAL",
        "New Relic ingest license key (…NRAL)",
        score=0.9,
    ),
    keyed(
        "new-relic-user-api-id",
        "API_KEY",
        _NEW_RELIC,
        "[A-Za-z0-9]{64}",
        "New Relic user API id",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Sentry --------------------------------------------------------------------------
    prefixed(
        "sentry-org-token",
        "TOKEN",
        ("sntrys_",),
        r"sntrys_eyJpYXQiO[A-Za-z0-9+/]{10,400}={0,2}_[A-Za-z0-9+/]{43}",
        "Sentry organisation auth token",
        score=0.95,
    ),
    prefixed(
        "sentry-user-token",
        "TOKEN",
        ("sntryu_",),
        r"sntryu_[a-fA-F0-9]{64}",
        "Sentry user auth token",
        score=0.95,
    ),
    keyed(
        "sentry-access-token",
        "TOKEN",
        ("sentry",),
        "[a-fA-F0-9]{64}",
        "Sentry auth token (64 hex, before the sntry prefixes)",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:token|key|auth|secret))",
    ),
    # ---- Sumo Logic ----------------------------------------------------------------------
    keyed(
        "sumologic-access-id",
        "API_KEY",
        ("sumo",),
        "su[A-Za-z0-9]{12}",
        "Sumo Logic access id",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
        name_suffix=_SUMO_NAME,
    ),
    keyed(
        "sumologic-access-token",
        "TOKEN",
        ("sumo",),
        "[A-Za-z0-9]{64}",
        "Sumo Logic access key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
        name_suffix=_SUMO_NAME,
    ),
    # ---- PagerDuty, Rollbar, Splunk -----------------------------------------------------
    keyed(
        "pagerduty-api-key",
        "API_KEY",
        ("pagerduty", "pager_duty", "pager-duty"),
        "[A-Za-z0-9_+-]{20}",
        "PagerDuty REST API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "rollbar-access-token",
        "TOKEN",
        ("rollbar",),
        "[a-f0-9]{32}",
        "Rollbar project or account access token",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
    ),
    keyed(
        "splunk-hec-token",
        "TOKEN",
        ("splunk",),
        UUID,
        "Splunk HTTP Event Collector token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:token|hec|key|auth))",
    ),
]
