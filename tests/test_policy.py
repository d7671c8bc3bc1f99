"""Policy files: merged over the default, validated with errors naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

import tiergate
from tiergate import PolicyError, load_policy
from tiergate.policy import Action, default_policy


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "policy.yaml"
    p.write_text(text)
    return p


def test_default_policy_encodes_the_tiers() -> None:
    p = default_policy()
    assert p.categories[tiergate.Category.SECRET].tier == 3
    assert p.categories[tiergate.Category.SECRET].action is Action.REDACT
    assert p.categories[tiergate.Category.PII].tier == 2
    assert p.categories[tiergate.Category.PII].action is Action.PSEUDONYMISE
    for cat in ("HEALTH", "FINANCIAL", "GOVERNMENT", "PROPRIETARY"):
        assert p.categories[tiergate.Category(cat)].tier == 3
    assert p.categories[tiergate.Category.BUSINESS].tier == 2
    assert p.destinations[3].self_hosted is True


def test_user_file_merges_over_default(tmp_path: Path) -> None:
    p = load_policy(write(tmp_path, "min_score: 0.7\ntypes:\n  EMAIL: {tier: 3, action: redact}\n"))
    assert p.min_score == 0.7
    assert p.types["EMAIL"].tier == 3
    assert p.types["SSN"].tier == 3  # still there from the default
    assert p.source == str(tmp_path / "policy.yaml")


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("min_score: 2\n", "min_score", "less than or equal to 1"),
        ("categories:\n  SECRET: {tier: 0, action: redact}\n", "categories.SECRET.tier", "greater"),
        (
            "categories:\n  SECRET: {tier: 3, action: shred}\n",
            "categories.SECRET.action",
            "Input should be",
        ),
        ("categories:\n  NOPE: {tier: 3, action: send}\n", "categories.NOPE", "Input should be"),
        ("bogus_key: 1\n", "bogus_key", "Extra inputs"),
        ("terms:\n  - {category: PII, type: person, values: [x]}\n", "terms.0.type", "pattern"),
        ("terms:\n  - {category: PII, type: PERSON, values: []}\n", "terms.0.values", "at least 1"),
        (
            "personal_data:\n  records: {min_people: 1}\n",
            "personal_data.records.min_people",
            "greater",
        ),
        ("destinations:\n  4: {}\n", "destinations.4", "less than or equal to 3"),
    ],
)
def test_invalid_values_name_file_and_key(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert str(path) in str(exc.value)
    assert f"key '{key}'" in str(exc.value)
    assert message in str(exc.value)
    assert exc.value.key == key and exc.value.file == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [("a: [unclosed\n", "not valid YAML at line"), ("- a list\n", "must be a YAML mapping")],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        load_policy(write(tmp_path, text))


def test_missing_file() -> None:
    with pytest.raises(PolicyError, match="file not found"):
        load_policy("/nonexistent/policy.yaml")


def test_disabled_detectors_and_terms(tmp_path: Path) -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" + "K1l2M3n4O5p6Q7r8"
    path = write(
        tmp_path,
        "disabled_detectors: [github-pat]\n"
        "terms:\n  - {category: BUSINESS, type: CUSTOMER, values: [Acme Widgets]}\n",
    )
    result = tiergate.classify(f"{token} for ACME widgets", policy=path)
    assert [f.type for f in result.findings] == ["CUSTOMER"]
    assert result.tier == 2 and result.reasons == ("BUSINESS",)
    # terms are whole words only
    assert tiergate.classify("acme widgetsXL", policy=path).findings == ()
