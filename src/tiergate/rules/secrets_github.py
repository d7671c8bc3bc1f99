"""GitHub tokens. The new formats end in a base62 CRC32 of the random part."""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.findings import Category
from tiergate.rules._provider_kit import has_crc32_tail


def github_crc32(value: str) -> bool:
    """The last 6 characters are the base62 CRC32 of the 30 random ones before them."""
    return has_crc32_tail(value.rsplit("_", maxsplit=1)[-1])


def _token(id_: str, prefix: str, note: str) -> Rule:
    return Rule(
        id=id_,
        type="TOKEN",
        category=Category.SECRET,
        pattern=prefix + r"[0-9A-Za-z]{36}",
        keywords=(prefix,),
        confirmers=(github_crc32,),
        note=note,
    )


RULES = [
    _token("github-pat", "ghp_", "GitHub personal access token (classic)"),
    _token("github-oauth", "gho_", "GitHub OAuth access token"),
    _token("github-app-token", "ghs_", "GitHub App installation token"),
    _token("github-user-to-server", "ghu_", "GitHub App user-to-server token"),
    _token("github-refresh-token", "ghr_", "GitHub refresh token"),
    Rule(
        id="github-fine-grained-pat",
        type="TOKEN",
        category=Category.SECRET,
        pattern=r"github_pat_[0-9A-Za-z_]{82}",
        keywords=("github_pat_",),
        score=0.95,
        note="GitHub fine-grained personal access token",
    ),
]
