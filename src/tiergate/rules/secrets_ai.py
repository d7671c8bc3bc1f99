"""Credentials of AI model providers: OpenAI, Anthropic, Google (see ``gcp-api-key``),
Hugging Face, Groq, OpenRouter, Mistral, DeepSeek, Qwen/DashScope, Moonshot/Kimi, Zhipu,
MiniMax and others.

Several Chinese providers issue keys that are just ``sk-`` and 32 hex digits (DeepSeek,
DashScope) or 48 letters and digits (Moonshot): those are reported only next to the
provider's name, and under that provider's id.
"""

from __future__ import annotations

from tiergate.rules._provider_kit import ID_NAMES, UUID, has_mixed_case, keyed, prefixed


def has_openai_marker(value: str) -> bool:
    """OpenAI keys carry ``T3BlbkFJ`` (base64 of "OpenAI") between two random halves."""
    return "T3BlbkFJ" in value


def anthropic_full_length(value: str) -> bool:
    """Anthropic keys end in 93 random characters and ``AA`` after the version prefix."""
    body = value.split("-", 3)[-1]
    return len(body) == 95 and body.endswith("AA")


_SK_HEX32 = r"sk-[a-f0-9]{32}"

RULES = [
    # ---- OpenAI ------------------------------------------------------------------------------
    prefixed(
        "openai-api-key",
        "API_KEY",
        ("t3blbkfj", "sk-proj-", "sk-svcacct-", "sk-admin-"),
        r"sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{16,250}T3BlbkFJ[A-Za-z0-9_\-]{16,250}"
        r"|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{100,250}",
        "OpenAI API key (user, project, service account or admin)",
        confirmers=(has_openai_marker,),
        max_len=520,
    ),
    keyed(
        "openai-compatible-api-key",
        "API_KEY",
        ("openai",),
        r"sk-[A-Za-z0-9_\-]{32,250}",
        "An sk- key assigned to an OpenAI setting (OpenAI or an OpenAI-compatible provider)",
        score=0.8,
    ),
    # ---- Anthropic ---------------------------------------------------------------------------
    prefixed(
        "anthropic-api-key",
        "API_KEY",
        ("sk-ant-api",),
        r"sk-ant-api\d\d-[\w\-]{20,250}",
        "Anthropic API key",
        confirmers=(anthropic_full_length,),
        min_entropy=3.0,
    ),
    prefixed(
        "anthropic-admin-api-key",
        "API_KEY",
        ("sk-ant-admin",),
        r"sk-ant-admin\d\d-[\w\-]{20,250}",
        "Anthropic Admin API key",
        confirmers=(anthropic_full_length,),
        min_entropy=3.0,
    ),
    prefixed(
        "anthropic-oauth-token",
        "TOKEN",
        ("sk-ant-oat", "sk-ant-ort", "sk-ant-sid"),
        r"sk-ant-(?:oat|ort|sid)\d\d-[\w\-]{20,250}",
        "Anthropic OAuth access/refresh or session token",
        min_entropy=3.0,
    ),
    # ---- providers whose keys carry their own prefix -----------------------------------
    prefixed(
        "huggingface-access-token",
        "TOKEN",
        ("hf_",),
        r"hf_[A-Za-z0-9]{34}",
        "Hugging Face access token",
        validators=(has_mixed_case,),
        min_entropy=3.5,
    ),
    prefixed(
        "huggingface-organization-api-token",
        "TOKEN",
        ("api_org_",),
        r"api_org_[A-Za-z0-9]{34}",
        "Hugging Face organisation API token (legacy)",
        validators=(has_mixed_case,),
        min_entropy=3.5,
    ),
    prefixed(
        "groq-api-key",
        "API_KEY",
        ("gsk_",),
        r"gsk_[A-Za-z0-9]{52}",
        "Groq API key",
        min_entropy=3.5,
    ),
    prefixed(
        "openrouter-api-key",
        "API_KEY",
        ("sk-or-v1-",),
        r"sk-or-v1-[a-f0-9]{64}",
        "OpenRouter API key",
        score=0.95,
    ),
    prefixed(
        "replicate-api-token",
        "TOKEN",
        ("r8_",),
        r"r8_[A-Za-z0-9]{37}",
        "Replicate API token",
        min_entropy=3.5,
    ),
    prefixed(
        "perplexity-api-key",
        "API_KEY",
        ("pplx-",),
        r"pplx-[A-Za-z0-9]{48}",
        "Perplexity API key",
        min_entropy=3.5,
    ),
    prefixed(
        "xai-api-key",
        "API_KEY",
        ("xai-",),
        r"xai-[A-Za-z0-9]{80}",
        "xAI (Grok) API key",
        min_entropy=3.5,
    ),
    prefixed(
        "together-api-key",
        "API_KEY",
        ("tgp_v1_",),
        r"tgp_v1_[A-Za-z0-9_\-]{43}",
        "Together AI API key",
    ),
    prefixed(
        "nvidia-api-key",
        "API_KEY",
        ("nvapi-",),
        r"nvapi-[A-Za-z0-9_\-]{64}",
        "NVIDIA NIM / build.nvidia.com API key",
        min_entropy=3.5,
    ),
    prefixed(
        "cerebras-api-key",
        "API_KEY",
        ("csk-",),
        r"csk-[a-z0-9]{48}",
        "Cerebras API key",
        min_entropy=3.5,
    ),
    prefixed(
        "langsmith-api-key",
        "API_KEY",
        ("lsv2_pt_", "lsv2_sk_"),
        r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        "LangSmith API key",
        score=0.95,
    ),
    prefixed(
        "pinecone-api-key",
        "API_KEY",
        ("pcsk_",),
        r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,90}",
        "Pinecone API key",
    ),
    prefixed(
        "tavily-api-key",
        "API_KEY",
        ("tvly-",),
        r"tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}",
        "Tavily API key",
        min_entropy=3.5,
    ),
    prefixed(
        "jina-api-key",
        "API_KEY",
        ("jina_",),
        r"jina_[A-Za-z0-9_\-]{50,70}",
        "Jina AI API key",
        min_entropy=3.5,
    ),
    prefixed(
        "baidu-qianfan-api-key",
        "API_KEY",
        ("bce-v3/altak-",),
        r"bce-v3/ALTAK-[A-Za-z0-9]{16,32}/[a-f0-9]{40}",
        "Baidu Qianfan API key",
        score=0.95,
    ),
    # ---- keys recognisable only by the provider's name ---------------------------------
    keyed(
        "cohere-api-token",
        "API_KEY",
        ("cohere", "co_api_key"),
        r"[A-Za-z0-9]{40}",
        "Cohere API key",
        min_entropy=3.5,
    ),
    keyed(
        "mistral-api-key",
        "API_KEY",
        ("mistral", "codestral"),
        r"[A-Za-z0-9]{32}",
        "Mistral AI API key",
        min_entropy=3.5,
    ),
    keyed(
        "fireworks-api-key",
        "API_KEY",
        ("fireworks",),
        r"fw_[A-Za-z0-9]{20,40}",
        "Fireworks AI API key",
    ),
    keyed(
        "together-api-key-legacy",
        "API_KEY",
        ("together",),
        r"[a-f0-9]{64}",
        "Together AI API key (legacy)",
    ),
    keyed("deepseek-api-key", "API_KEY", ("deepseek",), _SK_HEX32, "DeepSeek API key", score=0.85),
    keyed(
        "dashscope-api-key",
        "API_KEY",
        ("dashscope", "qwen", "bailian", "tongyi"),
        r"sk-[a-f0-9]{32}|sk-[A-Za-z0-9]{40,64}",
        "Alibaba Cloud Model Studio (DashScope, Qwen) API key",
        score=0.85,
    ),
    keyed(
        "moonshot-api-key",
        "API_KEY",
        ("moonshot", "kimi"),
        r"sk-[A-Za-z0-9]{48}",
        "Moonshot AI (Kimi) API key",
        score=0.85,
    ),
    keyed(
        "baichuan-api-key",
        "API_KEY",
        ("baichuan",),
        r"sk-[A-Za-z0-9]{32}",
        "Baichuan API key",
        score=0.85,
    ),
    keyed(
        "siliconflow-api-key",
        "API_KEY",
        ("siliconflow", "silicon_flow"),
        r"sk-[a-z]{48}",
        "SiliconFlow API key",
        score=0.85,
    ),
    keyed(
        "zhipu-api-key",
        "API_KEY",
        ("zhipu", "bigmodel", "chatglm", "glm"),
        r"[a-f0-9]{32}\.[A-Za-z0-9]{16}",
        "Zhipu AI (GLM) API key",
        score=0.85,
    ),
    keyed(
        "minimax-api-key",
        "API_KEY",
        ("minimax",),
        r"sk-(?:api-|cp-)?[A-Za-z0-9_\-]{40,250}"
        r"|eyJ[A-Za-z0-9_\-]{16,}\.eyJ[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
        "MiniMax API key",
        score=0.85,
    ),
    keyed(
        "volcengine-ark-api-key",
        "API_KEY",
        ("ark_api_key", "volcengine", "volces", "doubao"),
        UUID,
        "Volcengine Ark (Doubao) API key",
        skip_names=ID_NAMES,
    ),
    prefixed(
        "elevenlabs-api-key",
        "API_KEY",
        ("sk_",),
        r"sk_[a-f0-9]{48}",
        "ElevenLabs API key (sk_ and 48 hex digits)",
        score=0.85,
        min_entropy=3.5,
    ),
    keyed(
        "elevenlabs-api-key-legacy",
        "API_KEY",
        ("elevenlabs", "xi-api-key", "xi_api_key"),
        r"[a-f0-9]{32}",
        "ElevenLabs API key (legacy, 32 hex digits)",
    ),
    keyed("deepgram-api-key", "API_KEY", ("deepgram",), r"[a-f0-9]{40}", "Deepgram API key"),
    keyed(
        "assemblyai-api-key",
        "API_KEY",
        ("assemblyai", "assembly_ai"),
        r"[a-f0-9]{32}",
        "AssemblyAI API key",
    ),
    keyed(
        "voyage-api-key", "API_KEY", ("voyage",), r"pa-[A-Za-z0-9_\-]{40,50}", "Voyage AI API key"
    ),
    keyed("wandb-api-key", "API_KEY", ("wandb",), r"[a-f0-9]{40}", "Weights & Biases API key"),
    keyed("firecrawl-api-key", "API_KEY", ("firecrawl",), r"fc-[a-f0-9]{32}", "Firecrawl API key"),
]
