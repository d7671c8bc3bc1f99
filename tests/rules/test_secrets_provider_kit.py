"""The shared pieces of the provider rules: assignment forms, name boundaries, filters, and
linear time on hostile input."""

import pytest
from _provider_fakes import HEX, LOWER, Fakes

from _util import assert_linear, found
from tiergate.detect.engine import Scanner
from tiergate.rules import (
    secrets_ai,
    secrets_aws,
    secrets_chat,
    secrets_cloud,
    secrets_devops,
    secrets_devtools,
    secrets_github,
    secrets_gitlab,
    secrets_messaging,
    secrets_observability,
    secrets_payments,
    secrets_registries,
    secrets_saas,
    secrets_saas_a_h,
)
from tiergate.rules._provider_kit import has_filler_run, keyed

fake = Fakes("provider_kit")

VALUE = fake(LOWER, 32)
RULE = keyed("test-widget-key", "API_KEY", ("widgetco",), "[a-z0-9]{32}", "test rule")
SCANNER = Scanner([RULE], min_score=0.5)

# The ways one value is assigned to a name, in the languages and formats people paste.
FORMS = [
    'widgetcoToken="{v}"',
    'widgetcoToken = "{v}"',
    "widgetcoToken={v}",
    "widgetcoToken = {v}",
    '{{\n    "widgetco_token": "{v}"\n}}',
    '{{"config.ini": "WIDGETCO_TOKEN={v}\\nBACKUP_ENABLED=true"}}',
    "<widgetcoToken>\n    {v}\n</widgetcoToken>",
    "widgetco_token: {v}",
    "widgetco_token: '{v}'",
    'string widgetcoToken = "{v}";',
    'var widgetcoToken string = "{v}"',
    "widgetcoToken := `{v}`",
    '$widgetcoToken .= "{v}"',
    'System.setProperty("WIDGETCO_TOKEN", "{v}")',
    '  "widgetcoToken" => "{v}"',
    'widgetco_TOKEN ::= "{v}"',
    'widgetco_TOKEN ?= "{v}"',
    "[\"widgetco_key\"] = '{v}'",
    '\\"widgetco_pass\\": \\"{v}\\"',
    "myWidgetcoKey={v}",
]


@pytest.mark.parametrize("form", FORMS)
def test_keyed_assignment_forms(form: str) -> None:
    text = form.format(v=VALUE)
    assert [text[f.start : f.end] for f in SCANNER.scan(text)] == [VALUE]


@pytest.mark.parametrize(
    "text",
    [
        f"Fastwidgetcokit: {VALUE}",  # the name glued inside another word
        f"widgetco {VALUE}",  # no assignment
        f"widgetco_key = {VALUE}x",  # value goes on
        f"widgetco_key = {VALUE}-more",
        f"widgetco_key = {VALUE[:-1]}",  # too short
        "widgetco_key = " + "ab" * 16,  # low entropy
        "widgetco_key = <your-widgetco-key-goes-here>",
    ],
)
def test_keyed_needs_a_name_an_assignment_and_a_whole_value(text: str) -> None:
    assert SCANNER.scan(text) == []


def test_keyed_assignments_on_consecutive_lines() -> None:
    # each match consumes the character after its value: the next name must still count
    other = fake(LOWER, 32)
    for sep in ("\n", " ", ";", ", "):
        text = f"WIDGETCO_TOKEN={VALUE}{sep}widgetco_key={other}{sep}WidgetcoSecret={VALUE}"
        assert [text[f.start : f.end] for f in SCANNER.scan(text)] == [VALUE, other, VALUE]


def test_filler_run() -> None:
    assert has_filler_run("AIzaSyabcdefghijklmnopqrstuvwxyz1234567")
    assert not has_filler_run("AIza" + fake(LOWER, 35).replace("a", "q"))


MODULES = [
    secrets_ai,
    secrets_aws,
    secrets_chat,
    secrets_cloud,
    secrets_devops,
    secrets_devtools,
    secrets_github,
    secrets_gitlab,
    secrets_messaging,
    secrets_observability,
    secrets_payments,
    secrets_registries,
    secrets_saas,
    secrets_saas_a_h,
]
HOSTILE = [
    "a" * 1_000_000,
    "=" * 1_000_000,
    '"' * 1_000_000,
    "widgetco_key = " * 60_000,
    "AKIA" * 250_000,
    "sk-ant-api03-" * 70_000,
    "~Q8Q~" * 200_000,
    "glpat-" * 160_000,
    "AIza" * 250_000,
    "a3-" * 300_000,
    "discord bot " * 80_000 + "M" * 100_000,
    ("aws_secret_access_key = " + "A1b2" * 10 + " ") * 15_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_input_scans_in_linear_time(text: str) -> None:
    detectors = [r for m in MODULES for r in m.RULES]
    scanner = Scanner(detectors, min_score=0.5)
    assert_linear(scanner.scan, text)


def test_no_finding_in_prose() -> None:
    text = (
        "Our Azure and AWS bills rose in Asia; the GitLab runner, Datadog agent and Discord bot "
        "were moved to DigitalOcean. Ask the Adobe and HubSpot admins for access, not for keys."
    )
    assert found(text, "SECRET") == []


@pytest.mark.parametrize(
    ("text", "detector"),
    [
        ("HEROKU_APP_ID={v}", "heroku-api-key"),
        ("hubspot_portal_id: {v}", "hubspot-api-key"),
        ('algoliaSearchApiKey = "{k}"', "algolia-api-key"),
        ("ALGOLIA_PUBLIC_KEY={k}", "algolia-api-key"),
    ],
)
def test_identifiers_and_public_keys_are_not_secrets(text: str, detector: str) -> None:
    uuid = f"{fake(HEX, 8)}-{fake(HEX, 4)}-{fake(HEX, 4)}-{fake(HEX, 4)}-{fake(HEX, 12)}"
    text = text.format(v=uuid, k=fake(HEX, 32))
    assert detector not in {d for d, _ in found(text, "SECRET")}
    secret = text.replace("APP_ID", "API_KEY").replace("portal_id", "key")
    secret = secret.replace("SearchApi", "Admin").replace("PUBLIC", "ADMIN")
    assert detector in {d for d, _ in found(secret, "SECRET")}
