"""Package and artifact registries: npm, PyPI, RubyGems, NuGet, JFrog Artifactory, Pulumi.

npm tokens carry a base62 CRC32 of their random part (as GitHub's do), and PyPI upload tokens
are macaroons whose binary layout can be checked: both raise the score when they hold.
"""

from __future__ import annotations

import base64
import binascii

from tiergate.detect.rule import Rule
from tiergate.findings import Category
from tiergate.rules._provider_kit import UUID, has_crc32_tail, has_digit, keyed, prefixed

_JFROG = ("jfrog", "artifactory", "bintray", "xray")
_PYPI_LOCATIONS = (b"\x02\x01\x08pypi.org", b"\x02\x01\x0dtest.pypi.org")


def npm_crc32(value: str) -> bool:
    """``npm_`` + 30 random characters + the base62 CRC32 of those 30 (6 characters)."""
    return has_crc32_tail(value.removeprefix("npm_"))


def pypi_macaroon(value: str) -> bool:
    """The token decodes to a v2 macaroon for pypi.org (or test.pypi.org) that ends with a
    32-byte signature field."""
    body = value.removeprefix("pypi-")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return False
    return raw.startswith(_PYPI_LOCATIONS) and raw[-35:-32] == b"\x00\x06\x20"


RULES: list[Rule] = [
    # ---- npm -----------------------------------------------------------------------------
    prefixed(
        "npm-access-token",
        "TOKEN",
        ("npm_",),
        r"npm_[A-Za-z0-9]{36}",
        "npm access token",
        score=0.9,
        validators=(has_digit,),
        confirmers=(npm_crc32,),
    ),
    # //registry.npmjs.org/:_authToken=… in .npmrc: a legacy UUID token, an npm_ token, or a
    # third-party registry's token.
    Rule(
        id="npmrc-auth-token",
        type="TOKEN",
        category=Category.SECRET,
        pattern=r"//[A-Za-z0-9.\-:@\[\]]{1,253}(?:/[A-Za-z0-9._~%@+\-]{0,100}){0,8}/:_authToken[ \t]*=[ \t]*[\"']?"
        r"(?P<v>npm_[A-Za-z0-9]{36}|" + UUID + r"|[A-Za-z0-9._~+/=\-]{20,400})",
        keywords=(":_authtoken",),
        score=0.9,
        note="registry auth token in an .npmrc file",
    ),
    # ---- PyPI ----------------------------------------------------------------------------
    prefixed(
        "pypi-upload-token",
        "TOKEN",
        ("pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"),
        r"pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}",
        "PyPI (or TestPyPI) upload token",
        score=0.9,
        confirmers=(pypi_macaroon,),
    ),
    # ---- RubyGems, NuGet -----------------------------------------------------------------
    prefixed(
        "rubygems-api-token",
        "API_KEY",
        ("rubygems_",),
        r"rubygems_[a-fA-F0-9]{48}",
        "RubyGems API key",
        score=0.95,
    ),
    prefixed(
        "nuget-api-key",
        "API_KEY",
        ("oy2",),
        r"oy2[a-z0-9]{43}",
        "NuGet.org API key",
        score=0.8,
        min_entropy=3.5,
        validators=(has_digit,),
    ),
    # ---- JFrog Artifactory ---------------------------------------------------------------
    prefixed(
        "jfrog-reference-token",
        "TOKEN",
        ("cmvmdgtuojax",),
        r"cmVmdGtuOjAx[A-Za-z0-9]{40,60}",
        "JFrog Artifactory reference token (base64 of reftkn:01:…)",
        score=0.9,
    ),
    prefixed(
        "jfrog-api-key-akc",
        "API_KEY",
        ("akcp",),
        r"AKCp[A-Za-z0-9]{69}",
        "JFrog Artifactory API key (AKCp…)",
        score=0.9,
        validators=(has_digit,),
    ),
    keyed(
        "jfrog-api-key",
        "API_KEY",
        _JFROG,
        "[A-Za-z0-9]{73}",
        "JFrog Artifactory API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "jfrog-identity-token",
        "TOKEN",
        _JFROG,
        "[A-Za-z0-9]{64}",
        "JFrog Artifactory identity token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Pulumi --------------------------------------------------------------------------
    prefixed(
        "pulumi-api-token",
        "TOKEN",
        ("pul-",),
        r"pul-[a-fA-F0-9]{40}",
        "Pulumi access token",
        score=0.9,
    ),
]
