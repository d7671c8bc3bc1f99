import ipaddress

import pytest

import tiergate
from _util import found
from tiergate.rules.pii_network import ip_kind


def of(text: str, detector: str) -> list[str]:
    return [value for det, value in found(text) if det == detector]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("login from 81.2.69.160 failed", "81.2.69.160"),
        ("client 8.8.4.4 connected", "8.8.4.4"),
        ("X-Forwarded-For: 172.61.42.192", "172.61.42.192"),
        ("host 2a00:1450:4001:81d::200e", "2a00:1450:4001:81d::200e"),
        ("peer [2a00:1450:4001:81d::200e]:443", "2a00:1450:4001:81d::200e"),
        ("6e40:4041:c617:e898:c11:40d2:c669:2eb4 hit", "6e40:4041:c617:e898:c11:40d2:c669:2eb4"),
        ("nginx: 10.1.2.3 - GET /", "10.1.2.3"),
        ("listen 127.0.0.1:8080", "127.0.0.1"),
        ("ip 192.0.2.10 (doc)", "192.0.2.10"),
    ],
)
def test_finds_ip_addresses(text: str, value: str) -> None:
    assert of(text, "ip-address") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4",
        "pip install pkg==1.2.3.4",
        "see section 8.2.4.44 of the spec",
        "1.2.3.4.5",
        "x[::2]",
        "std::vector<int>",
        "mac 00:1a:2b:3c:4d:5e",
        "at 12:30:45",
        "999.1.1.1",
        "0.0.0.0",
        "7.1.4.3",
        "# SHA1 Fingerprint: 2b:b1:f5:3e:55:0c:1d:c5",  # bytes of a fingerprint
    ],
)
def test_ignores_non_addresses(text: str) -> None:
    assert of(text, "ip-address") == []


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("81.2.69.160", "public"),
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.0.5", "link-local"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"),
        ("2001:db8::1", "documentation"),
    ],
)
def test_ip_kind(value: str, kind: str) -> None:
    assert ip_kind(ipaddress.ip_address(value)) == kind


def test_private_addresses_score_lower_and_documentation_is_test_data() -> None:
    (public,) = tiergate.classify("client 81.2.69.160").findings
    (private,) = tiergate.classify("client 10.20.30.40").findings
    (doc,) = tiergate.classify("client 203.0.113.9").findings
    assert private.score < public.score
    assert "private" in private.explanation.note
    assert doc.explanation.test_data and not public.explanation.test_data


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("see https://example.com/a_(b). ok", "https://example.com/a_(b)"),
        (
            "(docs: http://docs.python.org/3/library/re.html)",
            "http://docs.python.org/3/library/re.html",
        ),
        ("get ftp://files.example.net/pub/x.tar.gz,", "ftp://files.example.net/pub/x.tar.gz"),
        ("My website is https://www.GyrateAtrophy.si/", "https://www.GyrateAtrophy.si/"),
        ("visit www.python.org!", "www.python.org"),
    ],
)
def test_finds_urls(text: str, value: str) -> None:
    assert of(text, "url") == [value]


def test_urls_are_tier_1() -> None:
    assert tiergate.classify("read https://example.com/docs").tier == 1


@pytest.mark.parametrize("text", ["http://", "jane@mail.example.com", "hello.world"])
def test_ignores_non_urls(text: str) -> None:
    assert of(text, "url") == []
