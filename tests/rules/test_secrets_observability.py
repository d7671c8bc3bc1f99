import base64
import json

import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.rules.secrets_observability import RULES

scan = RuleScanner(RULES)


def sentry_org_token() -> str:
    claim = {"iat": 1729278581.08, "url": "https://sentry.io", "org": fake("{l8}")}
    payload = base64.b64encode(json.dumps(claim, separators=(",", ":")).encode()).decode()
    return "sntrys_" + payload + "_" + fake("{a43}")


POSITIVES = [
    ("new-relic-user-api-key", fake("NRAK-{u27}"), "NEW_RELIC_API_KEY={}"),
    ("new-relic-insert-key", fake("NRII-{b32}"), "insert_key: {}"),
    ("new-relic-query-key", fake("NRIQ-{b32}"), "{}"),
    ("new-relic-browser-api-token", fake("NRJS-{h19}"), "{}"),
    ("new-relic-license-key", fake("{h36}NRAL"), "NEW_RELIC_LICENSE_KEY={}"),
    ("new-relic-user-api-id", fake("{l64}"), 'newrelic_user_id = "{}"'),
    ("sentry-org-token", sentry_org_token(), "SENTRY_AUTH_TOKEN={}"),
    ("sentry-user-token", fake("sntryu_{h64}"), "auth.token={}"),
    ("sentry-access-token", fake("{h64}"), "SENTRY_TOKEN: {}"),
    ("sumologic-access-id", fake("su{a12}"), 'sumologic.accessId = "{}"'),
    ("sumologic-access-token", fake("{a64}"), "SUMO_ACCESS_KEY: {}"),
    ("sumologic-access-token", fake("{a64}"), "sumoToken = '{}'"),
    ("pagerduty-api-key", fake("u+{b18}"), "PAGERDUTY_API_KEY={}"),
    ("rollbar-access-token", fake("{h32}"), "ROLLBAR_ACCESS_TOKEN={}"),
    ("splunk-hec-token", fake("{H8}-{H4}-{H4}-{H4}-{H12}"), "splunk_hec_token: {}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


NEGATIVES = [
    fake("NRAK-{u26}"),  # one short
    fake("sntryu_{h63}"),
    "sntryu_" + "a" * 64,
    sentry_org_token()[:-1],  # signature one short
    fake("sntrys_{a120}_{a43}"),  # no claim
    "- (NSNumber *)sumOfProperty:(NSString *)property;",
    fake("sumObj = su{a12}"),  # a sum, not Sumo Logic
    fake("sumOfExposures = {a64};"),
    'sumologic_access_id         = ""',
    "export SUMOLOGIC_ACCESSID=XXXXXXXXXXXXXX",
    "SUMO_ACCESS_KEY=${SUMO_ACCESS_KEY:=$2}",
    'sumo_access_key   = "<SUMOLOGIC ACCESS KEY>"',
    "SUMO_ACCESS_KEY: AbCeFG123",
    fake("SENTRY_RELEASE = {h64}"),  # a build digest, not a credential
    fake("splunk_index_id = {h8}-{h4}-{h4}-{h4}-{h12}"),  # no token word
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
