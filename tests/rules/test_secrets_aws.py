import pytest
from _provider_fakes import ALNUM, BASE64, HEX, Fakes

import tiergate
from _util import found
from tiergate.rules import secrets_aws

fake = Fakes("aws")

MINE = {r.id for r in secrets_aws.RULES}
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def key_id(prefix: str = "AKIA") -> str:
    return prefix + fake(_B32, 16)


def secret_key() -> str:
    return fake(BASE64, 40)


POSITIVES = [
    ("aws-access-key-id", 'AWS_ACCESS_KEY_ID="{v}"', key_id()),
    ("aws-access-key-id", "temporary: {v}", key_id("ASIA")),
    ("aws-access-key-id", "{v}", key_id("A3T" + "X")),
    ("aws-secret-access-key", "aws_secret_access_key = {v}", secret_key()),
    ("aws-secret-access-key", '"SecretAccessKey": "{v}",', secret_key()),
    ("aws-session-token", "AWS_SESSION_TOKEN={v}", "IQoJb3JpZ2luX2Vj" + fake(BASE64, 600) + "=="),
    (
        "aws-bedrock-api-key-long-lived",
        'bedrock_api_key = "{v}"',
        "ABSKQmVkcm9ja0FQSUtleS" + fake(BASE64, 110) + "=",
    ),
    (
        "aws-bedrock-api-key-short-lived",
        "AWS_BEARER_TOKEN_BEDROCK={v}",
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + fake(ALNUM, 300),
    ),
    (
        "aws-mws-auth-token",
        "mws: {v}",
        f"amzn.mws.{fake(HEX, 8)}-{fake(HEX, 4)}-{fake(HEX, 4)}-{fake(HEX, 4)}-{fake(HEX, 12)}",
    ),
]


@pytest.mark.parametrize(("detector", "template", "value"), POSITIVES)
def test_finds(detector: str, template: str, value: str) -> None:
    assert (detector, value) in found(template.format(v=value), "SECRET")


def test_key_id_and_secret_are_linked() -> None:
    kid, secret = key_id(), secret_key()
    text = f"[default]\naws_access_key_id = {kid}\nsomething_else = {secret}\n"
    by_detector = {f.detector: f for f in tiergate.classify(text).findings}
    assert by_detector["aws-access-key-id"].value(text) == kid
    assert by_detector["aws-secret-access-key"].value(text) == secret
    for f in by_detector.values():
        assert f.score >= 0.97
        assert "paired" in f.explanation.context
    (alone,) = tiergate.classify(f"id: {kid}").findings
    assert alone.score < by_detector["aws-access-key-id"].score


def test_secret_key_needs_a_name_or_a_key_id() -> None:
    value = secret_key()
    assert ("aws-secret-access-key", value) in found(f"aws_secret = {value}", "SECRET")
    assert [d for d, _ in found(f"checksum = {value}", "SECRET") if d in MINE] == []


@pytest.mark.parametrize(
    "text",
    [
        "aws_access_key: AKIAIOSFODNN7EXAMPLE",  # AWS's documented example
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "key = AKIAXXXXXXXXXXXXXXXX",
        "AKIAZZZZZZZZZZZZZZZZ",
        "akia" + fake(_B32, 16).lower(),  # lowercase
        "AKIAZZZ",
        "TODAYINASIAASACKOFRICEFELLOVER",  # glued to a word
        "CTTCATAGGG-ACCAGTATGAAGCAGATTTC-GCAC",  # DNA
        "AKIA" + fake(_B32, 16) + "X",  # too long
        "aws_secret_access_key = " + fake(HEX, 40),  # a hex digest, not a key
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29x",
        "ABSKQmVkcm9ja0FQSUtleS1EXAMPLE",
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []
