import base64
import os
import zlib

import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.detect.engine import Scanner
from tiergate.rules._provider_kit import base62
from tiergate.rules.secrets_registries import RULES, npm_crc32, pypi_macaroon

scan = RuleScanner(RULES)


def npm_token() -> str:
    body = fake("{a30}")
    return "npm_" + body + base62(zlib.crc32(body.encode()), 6)


def pypi_token(location: bytes = b"\x02\x01\x08pypi.org") -> str:
    identifier = fake("{h8}-{h4}-{h4}-{h4}-{h12}").encode()
    raw = location + b"\x02\x24" + identifier + b"\x00\x00\x06\x20" + os.urandom(32)
    return "pypi-" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


POSITIVES = [
    ("npm-access-token", npm_token(), "//registry.npmjs.org/:_authToken={}"),
    ("npm-access-token", fake("npm_{a36}"), "NPM_TOKEN={}"),
    ("npmrc-auth-token", fake("{h8}-{h4}-{h4}-{h4}-{h12}"), "//registry.npmjs.org/:_authToken={}"),
    ("npmrc-auth-token", fake("{b40}"), '//npm.example.net/repo/npm/:_authToken="{}"'),
    ("pypi-upload-token", pypi_token(), "password = {}"),
    ("pypi-upload-token", pypi_token(b"\x02\x01\x0dtest.pypi.org"), "TWINE_PASSWORD={}"),
    ("rubygems-api-token", fake("rubygems_{h48}"), "GEM_HOST_API_KEY: {}"),
    ("nuget-api-key", fake("oy2{l43}"), "dotnet nuget push -k {} -s nuget.org"),
    ("jfrog-reference-token", fake("cmVmdGtuOjAxOj{a50}"), "JFROG_ACCESS_TOKEN={}"),
    ("jfrog-api-key-akc", fake("AKCp{a69}"), "X-JFrog-Art-Api: {}"),
    ("jfrog-api-key", fake("{l73}"), "--set imagePullSecretJfrog.password={}"),
    ("jfrog-identity-token", fake("{l64}"), 'ARTIFACTORY_TOKEN = "{}"'),
    ("pulumi-api-token", fake("pul-{h40}"), "PULUMI_ACCESS_TOKEN={}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


def test_checksums_raise_the_score() -> None:
    scanner = Scanner(RULES)
    good_npm, bad_npm = npm_token(), fake("npm_{a36}")
    good_pypi = pypi_token()
    truncated_pypi = good_pypi[:90]
    assert npm_crc32(good_npm) and not npm_crc32(bad_npm)
    assert pypi_macaroon(good_pypi) and not pypi_macaroon(truncated_pypi)
    scores = {v: scanner.scan(v)[0].score for v in (good_npm, bad_npm, good_pypi, truncated_pypi)}
    assert scores[good_npm] > scores[bad_npm]
    assert scores[good_pypi] > scores[truncated_pypi]


NEGATIVES = [
    "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",  # a reference, not a value
    "//registry.npmjs.org:_authToken=743b294a-cd03-11ec-9d64-0242ac120002",  # no "/:"
    "registry.npmjs.org/:_authToken=743b294a-cd03-11ec-9d64-0242ac120002",
    "//registry.npmjs.org/:_authToken=npm_xxxxxxxxxxx",  # placeholder
    fake("npm_{a35}"),  # one short
    "pypi-AgEIcHlwaS5vcmc" + fake("{b20}"),  # too short to be a macaroon
    fake("rubygems_{h47}"),
    fake("oy2{l43}").upper(),  # NuGet keys are lowercase
    fake('<img src="./assets/vipul-{h40}.png">'),  # glued to a word
    fake('jfrog_url = "https://{l20}.jfrog.io"'),
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
