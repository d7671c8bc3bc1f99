"""Minimisation: redaction markers, stable placeholders, and restore."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

import tiergate
from test_cli import TOKEN
from tiergate.policy import build, default_policy, merge
from tiergate.transform import PLACEHOLDER_RE, Pseudonymiser, restore

NAMES = ["Quentin Zylberstein", "Adaeze Okonkwo-Brandt", "Li Wenjun"]


def engine(key: bytes = b"k" * 32) -> tiergate.Engine:
    data = merge(
        default_policy().model_dump(mode="json", exclude={"source"}),
        {"terms": [{"category": "PII", "type": "PERSON", "values": NAMES}]},
    )
    return tiergate.Engine(build(data, "<test>"), pseudonym_key=key)


def test_same_value_same_placeholder_across_texts_and_engines() -> None:
    a = engine().redact("Quentin Zylberstein wrote to Li Wenjun.")
    b = engine().redact("Later, li wenjun replied to QUENTIN ZYLBERSTEIN.")
    pa = PLACEHOLDER_RE.findall(a)
    pb = PLACEHOLDER_RE.findall(b)
    assert pa == [pb[1], pb[0]]
    assert all(t == "PERSON" for t, _ in pa)


def test_placeholder_is_the_documented_keyed_hash() -> None:
    """HMAC-SHA256(key, TYPE NUL normalised value), first six hex digits: another
    implementation that holds the key can derive the same placeholders."""
    key = b"k" * 32
    expected = hmac.new(key, b"PERSON\x00li wenjun", hashlib.sha256).hexdigest()[:6]
    assert engine(key).redact("LI WENJUN") == f"[PERSON_{expected}]"


def test_another_key_gives_other_placeholders() -> None:
    assert engine(b"a" * 32).redact("Li Wenjun") != engine(b"b" * 32).redact("Li Wenjun")


def test_secrets_are_redacted_not_restorable() -> None:
    _, out = engine().minimise(f"Li Wenjun's token is {TOKEN}")
    assert TOKEN not in out.text and "[REDACTED:TOKEN]" in out.text
    assert TOKEN not in out.restore_map.values()
    assert list(out.restore_map.values()) == ["Li Wenjun"]
    assert (out.redacted, out.pseudonymised) == (1, 1)


def test_placeholder_collisions_get_longer() -> None:
    class Colliding(Pseudonymiser):
        def digest(self, type_: str, value: str) -> str:
            return "abcdef" + ("0" * 58 if value.startswith("Q") else "1" * 58)

    eng = engine()
    eng.pseudonymiser = Colliding(b"x")
    _, out = eng.minimise("Quentin Zylberstein and Li Wenjun")
    assert len(set(out.restore_map)) == 2
    assert restore(out.text, out.restore_map) == "Quentin Zylberstein and Li Wenjun"


words = st.sampled_from(["the", "report", "is", "due", ",", "\n", "and", "ok", "ÄÖÜ", "日本"])
pieces = st.lists(st.one_of(words, st.sampled_from(NAMES)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(pieces)
def test_restore_inverts_pseudonymise(parts: list[str]) -> None:
    text = " ".join(parts)
    _, out = engine().minimise(text)
    for name in NAMES:
        assert name not in out.text
    assert restore(out.text, out.restore_map) == text
