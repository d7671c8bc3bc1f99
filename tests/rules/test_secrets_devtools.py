import pytest
from _provider_fakes import ALNUM, BASE64, HEX, LOWER, URLSAFE, Fakes

from _util import found
from tiergate.rules import secrets_devtools

fake = Fakes("devtools")

_B64 = ALNUM + "+/"

MINE = {r.id for r in secrets_devtools.RULES}

POSITIVES = [
    ("artifactory-api-key", "X-JFrog-Art-Api: {v}", "AKCp" + fake(ALNUM, 69)),
    ("artifactory-reference-token", "Bearer {v}", "cmVmd" + fake(ALNUM, 59)),
    ("artifactory-password", "artifactory_password={v}", "AP6" + fake(ALNUM, 20)),
    ("atlassian-api-token", "JIRA_TOKEN={v}", "ATATT3" + fake(URLSAFE + "=", 186)),
    ("atlassian-api-token-legacy", "JIRA_API_TOKEN={v}", fake(ALNUM, 24)),
    ("bitbucket-app-password", "BITBUCKET_APP_PASSWORD={v}", "ATBB" + fake(ALNUM, 32)),
    ("bitbucket-client-id", "bitbucket_key: {v}", fake(ALNUM, 32)),
    ("bitbucket-client-secret", "bitbucket_secret: {v}", fake(URLSAFE, 64)),
    ("clojars-api-token", "password {v}", "CLOJARS_" + fake(LOWER, 60)),
    ("codecov-access-token", "CODECOV_TOKEN={v}", fake(LOWER, 32)),
    ("docker-hub-pat", "docker login -p {v}", "dckr_pat_" + fake(URLSAFE, 27)),
    ("droneci-access-token", "DRONE_TOKEN={v}", fake(ALNUM, 32)),
    (
        "harness-api-key",
        "x-api-key: {v}",
        f"pat.{fake(URLSAFE, 22)}.{fake(ALNUM, 24)}.{fake(ALNUM, 20)}",
    ),
    ("doppler-api-token", "DOPPLER_TOKEN={v}", "dp.st." + fake(ALNUM, 43)),
    (
        "defined-networking-api-token",
        "DN_API_KEY={v}",
        f"dnkey-{fake(URLSAFE, 26)}-{fake(URLSAFE, 52)}",
    ),
    (
        "hashicorp-tf-api-token",
        'token = "{v}"',
        f"{fake(ALNUM, 14)}.atlasv1.{fake(URLSAFE, 67)}",
    ),
    ("flyio-access-token", "FLY_API_TOKEN={v}", "fo1_" + fake(URLSAFE, 43)),
    ("flyio-access-token", 'FLY_API_TOKEN="FlyV1 {v}"', "fm2_" + fake(_B64, 300) + "=="),
    ("datadog-access-token", "DD_API_KEY={v}", fake(HEX, 32)),
    ("datadog-access-token", "datadog_app_key: {v}", fake(LOWER, 40)),
    ("dynatrace-api-token", "Api-Token {v}", f"dt0c01.{fake(ALNUM, 24)}.{fake(ALNUM, 64)}"),
    ("fastly-api-token", "FASTLY_API_TOKEN={v}", fake(URLSAFE, 32)),
    ("grafana-api-key", "Bearer {v}", "eyJrIjoi" + fake(ALNUM, 90) + "=="),
    ("grafana-cloud-api-token", "loki_key: {v}", "glc_" + fake(BASE64, 120) + "=="),
    (
        "grafana-service-account-token",
        "'Authorization': 'Bearer {v}'",
        f"glsa_{fake(ALNUM, 32)}_{fake(HEX, 8)}",
    ),
    ("frameio-api-token", "FRAMEIO={v}", "fio-u-" + fake(URLSAFE, 64)),
    ("gitter-access-token", "gitter_token={v}", fake(URLSAFE, 40)),
]


@pytest.mark.parametrize(("detector", "template", "value"), POSITIVES)
def test_finds(detector: str, template: str, value: str) -> None:
    assert (detector, value) in found(template.format(v=value), "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "lowEntropy := AKCp" + "X" * 69,
        "partOfAlongUnrelatedBlob gYnkgAkCp" + fake(LOWER, 69) + "VyZSB2",
        "getPagesInConfluenceSpace,searchConfluenceUsingCql",  # no digit: an identifier
        "glc_" + "x" * 64,
        'API_KEY="glc_' + "1" * 43 + '="',
        "static void GLC_CreateLightmapTextureArray(void);",
        "glsa_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_AAAAAAAA",
        'api_key = "fo1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        "pub const MINIDUMP_SYSMEMINFO1_PERF_CCTOTALDIRTYPAGES: u32 = 4u32;",
        'token = "xxxxxxxxxxxxxx.atlasv1.' + "x" * 67 + '"',
        "dckr_pat_" + fake(URLSAFE, 12),  # too short
        "codecov_token = " + fake(LOWER, 31),
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []
