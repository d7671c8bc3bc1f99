"""The bundled provider catalog: it validates, it is complete, and every fact has a source."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from tiergate.errors import ConfigError
from tiergate.providers.catalog import (
    FACT_NAMES,
    PACKAGED,
    Catalog,
    load_catalog,
    parse_catalog,
    stated_facts,
)
from tiergate.providers.facts import Facts

REQUIRED = {
    "minimax": "MiniMax",
    "deepseek": "DeepSeek",
    "moonshot": "Moonshot/Kimi",
    "qwen-intl": "Alibaba Qwen, international endpoint",
    "qwen-cn": "Alibaba Qwen, mainland-China endpoint",
    "zhipu": "Zhipu GLM",
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "gemini": "Google Gemini API",
    "mistral": "Mistral",
    "groq": "Groq",
    "together": "Together",
    "fireworks": "Fireworks",
    "openrouter": "OpenRouter",
    "azure-openai": "Azure OpenAI",
    "ollama": "Ollama",
    "vllm": "vLLM",
    "llama-cpp": "llama.cpp server",
    "lm-studio": "LM Studio",
}
SELF_HOSTED = {"ollama", "vllm", "llama-cpp", "lm-studio"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalog_validates_and_is_read_once(catalog: Catalog) -> None:
    assert catalog.version >= 1
    assert catalog.source == PACKAGED
    assert load_catalog() is catalog


@pytest.mark.parametrize("provider_id", sorted(REQUIRED))
def test_required_provider_present(catalog: Catalog, provider_id: str) -> None:
    entry = catalog.get(provider_id)
    assert entry.id == provider_id
    assert entry.name


def test_entries_keep_file_order(catalog: Catalog) -> None:
    assert catalog.ids[0] == "minimax"
    assert catalog.ids[-4:] == ("ollama", "vllm", "llama-cpp", "lm-studio")


def test_every_stated_fact_has_an_https_source_and_a_date(catalog: Catalog) -> None:
    for entry in catalog.providers:
        for fact in stated_facts(entry.facts):
            src = entry.source(fact)
            assert src is not None, (entry.id, fact)
            assert urlsplit(src.url).scheme == "https", (entry.id, fact)
            assert urlsplit(src.url).netloc, (entry.id, fact)
            assert isinstance(src.reviewed, dt.date)
            assert src.reviewed <= catalog.reviewed, (entry.id, fact)
            assert src.note.strip().endswith("."), (entry.id, fact)


def test_sources_name_known_facts_only(catalog: Catalog) -> None:
    for entry in catalog.providers:
        assert set(entry.sources) <= set(FACT_NAMES), entry.id


@pytest.mark.parametrize("provider_id", sorted(SELF_HOSTED))
def test_self_hosted_entries_need_no_key(catalog: Catalog, provider_id: str) -> None:
    entry = catalog.get(provider_id)
    assert entry.facts.self_hosted is True
    assert entry.api_key_env == ()
    assert urlsplit(entry.base_url).hostname == "127.0.0.1"


def test_cloud_entries_are_https_with_a_key(catalog: Catalog) -> None:
    for entry in catalog.providers:
        if entry.id in SELF_HOSTED:
            continue
        assert entry.facts.self_hosted is False, entry.id
        assert entry.base_url.startswith("https://"), entry.id
        assert entry.api_key_env, entry.id


@pytest.mark.parametrize(
    ("provider_id", "jurisdiction"),
    [
        ("deepseek", "CN"),
        ("qwen-cn", "CN"),
        ("zhipu", "CN"),
        ("qwen-intl", "SG"),
        ("moonshot", "SG"),
        ("minimax", "SG"),
        ("mistral", "EU"),
        ("openai", "US"),
        ("anthropic", "US"),
    ],
)
def test_jurisdictions(catalog: Catalog, provider_id: str, jurisdiction: str) -> None:
    assert catalog.facts(provider_id).jurisdiction == jurisdiction


def test_the_two_qwen_endpoints_differ(catalog: Catalog) -> None:
    intl, cn = catalog.get("qwen-intl"), catalog.get("qwen-cn")
    assert intl.base_url != cn.base_url
    assert "intl" in intl.base_url


def test_facts_are_the_routing_facts(catalog: Catalog) -> None:
    facts = catalog.facts("anthropic")
    assert isinstance(facts, Facts)
    assert catalog.get("anthropic").wire == "anthropic"
    override = Facts(zero_data_retention=False)
    assert facts.merged(override).zero_data_retention is False


def test_unknown_id_lists_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(ConfigError) as err:
        catalog.get("no-such-provider")
    assert "no-such-provider" in str(err.value)
    assert "deepseek" in str(err.value) and "ollama" in str(err.value)


HEAD = "version: 1\nreviewed: 2026-11-28\nproviders:\n"
GOOD = (
    "  - id: acme\n    name: Acme\n    wire: openai\n    base_url: https://api.acme.test/v1\n"
    "    api_key_env: [ACME_API_KEY]\n    facts: {jurisdiction: US}\n"
    "    sources:\n      jurisdiction:\n        url: https://acme.test/privacy\n"
    "        reviewed: 2026-11-28\n        note: Stored in the US.\n"
)


def test_minimal_catalog_parses() -> None:
    cat = parse_catalog(HEAD + GOOD, "mine.yaml")
    assert cat.facts("acme").jurisdiction == "US"
    assert cat.facts("acme").trains_on_api_data is None


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (HEAD + GOOD.replace("    sources:", "    notes:"), "providers[acme].notes", "Extra"),
        (
            HEAD + GOOD.replace("jurisdiction: US}", "jurisdiction: US, retention_days: 3}"),
            "providers[acme]",
            "missing: retention_days",
        ),
        (HEAD + GOOD.replace("https://acme.test", "http://acme.test"), ".url", "pattern"),
        (HEAD + GOOD.replace("2026-11-28\n        note", "soon\n        note"), ".reviewed", ""),
        (HEAD + GOOD.replace("wire: openai", "wire: grpc"), "providers[acme].wire", ""),
        (HEAD + GOOD.replace("{jurisdiction: US}", "{jurisdiction: usa}"), "jurisdiction", ""),
        (HEAD + GOOD.replace("      jurisdiction:\n", "      country:\n"), "sources", ""),
        (HEAD + GOOD.replace("[ACME_API_KEY]", "[]"), "providers[acme]", "api_key_env"),
        (HEAD + GOOD.replace("[ACME_API_KEY]", "[acme key]"), "api_key_env", ""),
        (HEAD + GOOD + GOOD, "(top level)", "repeated: acme"),
        (HEAD, "providers", ""),
    ],
)
def test_invalid_catalog_names_key_and_file(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_catalog(text, "mine.yaml")
    assert err.value.file == "mine.yaml"
    assert err.value.key is not None and key in err.value.key
    assert words in str(err.value)


@pytest.mark.parametrize("text", ["[a, b]", "version: [1\n", ""])
def test_catalog_must_be_a_yaml_mapping(text: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_catalog(text, "mine.yaml")
    assert str(err.value).startswith("mine.yaml: ")
