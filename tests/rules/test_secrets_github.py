import random
import string
import zlib

import pytest

import tiergate
from _util import found
from tiergate.rules._provider_kit import base62
from tiergate.rules.secrets_github import github_crc32

rng = random.Random(7)


def make_token(prefix: str) -> str:
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


@pytest.mark.parametrize(
    ("prefix", "detector"),
    [
        ("ghp_", "github-pat"),
        ("gho_", "github-oauth"),
        ("ghs_", "github-app-token"),
        ("ghu_", "github-user-to-server"),
        ("ghr_", "github-refresh-token"),
    ],
)
def test_finds_checksummed_tokens(prefix: str, detector: str) -> None:
    token = make_token(prefix)
    text = f'export GITHUB_TOKEN="{token}"\n'
    assert found(text, "SECRET") == [(detector, token)]


def test_checksum_raises_the_score() -> None:
    good = make_token("ghp_")
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert github_crc32(good) and not github_crc32(bad)
    (fg,) = tiergate.classify(good).findings
    (fb,) = tiergate.classify(bad).findings
    assert fg.score > fb.score
    assert dict(fg.explanation.validators)["github_crc32"] is True


@pytest.mark.parametrize(
    "text",
    [
        "ghp_" + "x" * 36,  # placeholder
        "ghp_" + "a" * 36,  # one character repeated
        "token: ghp_…Qx7F",  # masked
        "xghp_" + "A1b2C3d4E5" * 3 + "abcdef",  # glued to a word
        "ghp_short123",
    ],
)
def test_ignores(text: str) -> None:
    assert found(text, "SECRET") == []


def test_fine_grained_pat() -> None:
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(81))
    token = f"github_pat_{body[:22]}_{body[22:]}"
    assert found(f"GH_TOKEN={token}", "SECRET") == [("github-fine-grained-pat", token)]
    placeholder = "github_pat_" + "x" * 22 + "_" + "x" * 59
    assert found(placeholder, "SECRET") == []
