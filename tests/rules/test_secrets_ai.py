import pytest
from _provider_fakes import ALNUM, HEX, LOWER, URLSAFE, Fakes

import tiergate
from _util import found
from tiergate.rules import secrets_ai

fake = Fakes("ai")
uuid = fake.uuid

MINE = {r.id for r in secrets_ai.RULES}
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def openai_key(kind: str = "proj") -> str:
    return f"sk-{kind}-{fake(URLSAFE, 74)}T3BlbkFJ{fake(URLSAFE, 74)}"


def anthropic_key(kind: str = "api03") -> str:
    return f"sk-ant-{kind}-{fake(URLSAFE, 93)}AA"


POSITIVES = [
    ("openai-api-key", "OPENAI_API_KEY={v}", openai_key()),
    ("openai-api-key", "key: {v}", openai_key("svcacct")),
    ("openai-api-key", "key: {v}", openai_key("admin")),
    ("openai-api-key", '"{v}"', "sk-" + fake(ALNUM, 20) + "T3BlbkFJ" + fake(ALNUM, 20)),
    ("openai-api-key", "{v}", "sk-proj-" + fake(URLSAFE, 156)),
    ("openai-compatible-api-key", "OPENAI_API_KEY={v}", "sk-" + fake(ALNUM, 40)),
    ("anthropic-api-key", "x-api-key: {v}", anthropic_key()),
    ("anthropic-admin-api-key", "ANTHROPIC_ADMIN_KEY={v}", anthropic_key("admin01")),
    ("anthropic-oauth-token", "CLAUDE_CODE_OAUTH_TOKEN={v}", "sk-ant-oat01-" + fake(URLSAFE, 95)),
    ("huggingface-access-token", "huggingface-cli login --token {v}", "hf_" + fake(_LETTERS, 34)),
    (
        "huggingface-organization-api-token",
        "use_auth_token='{v}')",
        "api_org_" + fake(_LETTERS, 34),
    ),
    ("groq-api-key", "GROQ_API_KEY={v}", "gsk_" + fake(ALNUM, 52)),
    ("openrouter-api-key", "Bearer {v}", "sk-or-v1-" + fake(HEX, 64)),
    ("replicate-api-token", "REPLICATE_API_TOKEN={v}", "r8_" + fake(ALNUM, 37)),
    ("perplexity-api-key", "perplexityToken={v}'", "pplx-" + fake(ALNUM, 48)),
    ("xai-api-key", "XAI_API_KEY={v}", "xai-" + fake(ALNUM, 80)),
    ("together-api-key", "TOGETHER_API_KEY={v}", "tgp_v1_" + fake(URLSAFE, 43)),
    ("nvidia-api-key", "NVIDIA_API_KEY={v}", "nvapi-" + fake(URLSAFE, 64)),
    ("cerebras-api-key", "CEREBRAS_API_KEY={v}", "csk-" + fake(LOWER, 48)),
    ("langsmith-api-key", "LANGSMITH_API_KEY={v}", f"lsv2_pt_{fake(HEX, 32)}_{fake(HEX, 10)}"),
    ("pinecone-api-key", "PINECONE_API_KEY={v}", f"pcsk_{fake(ALNUM, 6)}_{fake(ALNUM, 60)}"),
    ("tavily-api-key", "TAVILY_API_KEY={v}", "tvly-dev-" + fake(ALNUM, 32)),
    ("jina-api-key", "JINA_API_KEY={v}", "jina_" + fake(ALNUM, 60)),
    (
        "baidu-qianfan-api-key",
        "QIANFAN_API_KEY={v}",
        f"bce-v3/ALTAK-{fake(ALNUM, 21)}/{fake(HEX, 40)}",
    ),
    ("elevenlabs-api-key", "xi-api-key: {v}", "sk_" + fake(HEX, 48)),
    ("cohere-api-token", "export CO_API_KEY={v}", fake(ALNUM, 40)),
    ("mistral-api-key", "MISTRAL_API_KEY={v}", fake(ALNUM, 32)),
    ("fireworks-api-key", "FIREWORKS_API_KEY={v}", "fw_" + fake(ALNUM, 24)),
    ("deepseek-api-key", "DEEPSEEK_API_KEY={v}", "sk-" + fake(HEX, 32)),
    ("dashscope-api-key", "DASHSCOPE_API_KEY={v}", "sk-" + fake(HEX, 32)),
    ("moonshot-api-key", "MOONSHOT_API_KEY={v}", "sk-" + fake(ALNUM, 48)),
    ("baichuan-api-key", "BAICHUAN_API_KEY={v}", "sk-" + fake(ALNUM, 32)),
    (
        "siliconflow-api-key",
        "SILICONFLOW_API_KEY={v}",
        "sk-" + fake("abcdefghijklmnopqrstuvwxyz", 48),
    ),
    ("zhipu-api-key", "ZHIPUAI_API_KEY={v}", f"{fake(HEX, 32)}.{fake(ALNUM, 16)}"),
    ("minimax-api-key", "MINIMAX_API_KEY={v}", "sk-api-" + fake(URLSAFE, 90)),
    ("volcengine-ark-api-key", "ARK_API_KEY={v}", uuid()),
    ("deepgram-api-key", "DEEPGRAM_API_KEY={v}", fake(HEX, 40)),
    ("assemblyai-api-key", "ASSEMBLYAI_API_KEY={v}", fake(HEX, 32)),
    ("voyage-api-key", "VOYAGE_API_KEY={v}", "pa-" + fake(URLSAFE, 43)),
    ("wandb-api-key", "WANDB_API_KEY={v}", fake(HEX, 40)),
    ("firecrawl-api-key", "FIRECRAWL_API_KEY={v}", "fc-" + fake(HEX, 32)),
]


@pytest.mark.parametrize(("detector", "template", "value"), POSITIVES)
def test_finds(detector: str, template: str, value: str) -> None:
    assert (detector, value) in found(template.format(v=value), "SECRET")


def test_marker_and_full_length_raise_the_score() -> None:
    marked, unmarked = openai_key(), "sk-proj-" + fake(URLSAFE, 156)
    assert (
        tiergate.classify(marked).findings[0].score > tiergate.classify(unmarked).findings[0].score
    )
    full, short = anthropic_key(), "sk-ant-api03-" + fake(URLSAFE, 60)
    assert tiergate.classify(full).findings[0].score > tiergate.classify(short).findings[0].score


@pytest.mark.parametrize(
    "text",
    [
        "sk-proj-" + fake(ALNUM, 20) + "T4BlbkFJ" + fake(ALNUM, 20),  # no marker, too short
        "PERPLEXITY_API_KEY=pplx-" + "x" * 48,
        "CO_API_KEY=" + "x" * 40,
        "- (id)hf_requiredCharacteristicTypesForDisplayMetadata;",
        'amazon.de#@#div[data-cel-widget="desktop-rhf_SponsoredProductsRemoteRHFSearchEXPSubsK2"]',
        "  M_UINT (ServingCell_t, H_PRIO, 2, &hf_servingcellpriorityparametersdescription_h_prio),",
        '"hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        'public static final String API_ORG_EXIST = "APIOrganizationExist";',
        "const api_org_controller = require('../../controllers/api/index').organizations;",
        "hf_" + fake("abcdefghijklmnopqrstuvwxyz", 34),  # one case only: an identifier
        "sk-" + fake(HEX, 32),  # bare sk- and hex: whose key is it?
        "DEEPSEEK_API_KEY=sk-" + fake(HEX, 31),
        "sk-ant-api03-" + "x" * 95,
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []
