"""The official OpenAI SDK, unmodified, pointed at tiergate: routing by tier, minimisation,
restore, streaming, tools — and what each upstream actually received."""

from __future__ import annotations

import json
import random
import string
import zlib

import openai

from tiergate.rules._provider_kit import base62
from tiergate.testing import FakeProvider, Reply

EMAIL = "quentin.zylberstein@acme-robotics.io"
PII_PROMPT = f"Please draft a friendly reply to {EMAIL} about the refund for order 4471."
PATIENT = (
    "Discharge summary. Patient: John Smith, date of birth 14.03.1961. The patient was "
    "diagnosed with type 2 diabetes and prescribed metformin."
)


def github_token(seed: int = 3) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return "ghp_" + body + base62(zlib.crc32(body.encode()), 6)


def sent_text(p: FakeProvider) -> str:
    return json.dumps(p.received)


def test_public_prompt_goes_to_the_first_provider(oai: openai.OpenAI, cheap: FakeProvider) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": "What is the boiling point of water?"}]
    )
    completion = raw.parse()
    assert completion.choices[0].message.content == "ECHO: What is the boiling point of water?"
    assert raw.headers["x-tiergate-tier"] == "1"
    assert raw.headers["x-tiergate-egress-tier"] == "1"
    assert raw.headers["x-tiergate-provider"] == "cheap"
    assert raw.headers["x-tiergate-request-id"].startswith("tg-")
    assert len(cheap.received) == 1
    assert cheap.received[0]["model"] == "cheap-model"
    assert cheap.headers[0]["authorization"] == "Bearer sk-cheap-1"


def test_personal_data_is_pseudonymised_and_restored(
    oai: openai.OpenAI, cheap: FakeProvider, trusted: FakeProvider
) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="auto",
        messages=[
            {"role": "system", "content": "You write customer e-mails."},
            {"role": "user", "content": PII_PROMPT},
        ],
    )
    assert raw.parse().choices[0].message.content == "ECHO: " + PII_PROMPT
    assert raw.headers["x-tiergate-tier"] == "2"
    assert raw.headers["x-tiergate-provider"] == "trusted"
    assert cheap.received == []
    (body,) = trusted.received
    assert EMAIL not in sent_text(trusted)
    assert (
        "[EMAIL_" in body["messages"][0]["content"][0]["text"]
        if isinstance(body["messages"][0]["content"], list)
        else "[EMAIL_" in body["messages"][0]["content"]
    )
    assert body["system"]  # the system prompt travelled in the Anthropic field


def test_same_value_same_placeholder_across_turns(
    oai: openai.OpenAI, trusted: FakeProvider
) -> None:
    for _ in range(2):
        oai.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": PII_PROMPT}]
        )
    first, second = (json.dumps(b["messages"]) for b in trusted.received)
    assert first == second


def test_secret_is_redacted_and_never_restored(oai: openai.OpenAI, cheap: FakeProvider) -> None:
    token = github_token()
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": f"why does git reject {token}?"}]
    )
    assert raw.headers["x-tiergate-tier"] == "3"
    assert raw.headers["x-tiergate-egress-tier"] == "1"
    assert token not in sent_text(cheap)
    answer = raw.parse().choices[0].message.content
    assert answer == "ECHO: why does git reject [REDACTED:TOKEN]?"


def test_health_data_goes_only_to_the_self_hosted_model(
    oai: openai.OpenAI, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": PATIENT}]
    )
    assert raw.headers["x-tiergate-tier"] == "3"
    assert raw.headers["x-tiergate-provider"] == "local"
    assert cheap.received == [] and trusted.received == []
    # self-hosted: personal data is not pseudonymised, and no key is sent
    assert local.received[0]["messages"][0]["content"] == PATIENT
    assert "authorization" not in local.headers[0]
    assert raw.parse().choices[0].message.content == "ECHO: " + PATIENT


def test_self_hosted_gets_the_data_as_is_but_never_a_secret(
    oai: openai.OpenAI, local: FakeProvider
) -> None:
    token = github_token(11)
    prompt = f"{PATIENT} MRN: 00482913. Card 4556 7375 8689 9855. Sync with {token}."
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": prompt}]
    )
    assert raw.headers["x-tiergate-provider"] == "local"
    sent = local.received[0]["messages"][0]["content"]
    assert "MRN: 00482913" in sent and "4556 7375 8689 9855" in sent and "John Smith" in sent
    assert token not in sent and "[REDACTED:TOKEN]" in sent


def test_streaming_restores_chunk_by_chunk(oai: openai.OpenAI, trusted: FakeProvider) -> None:
    trusted.script(Reply(chunks=12))
    stream = oai.chat.completions.create(
        model="auto", stream=True, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == "ECHO: " + PII_PROMPT
    assert len([p for p in pieces if p]) > 3  # not buffered into one chunk
    assert EMAIL not in sent_text(trusted)


def test_tool_call_arguments_are_restored_and_stay_json(
    oai: openai.OpenAI, trusted: FakeProvider
) -> None:
    def reply_with_placeholder() -> Reply:
        placeholder = next(
            w
            for w in json.dumps(trusted.received[-1]).replace('"', " ").split()
            if w.startswith("[EMAIL_")
        )
        return Reply(
            tool_calls=[("send_email", {"to": placeholder.rstrip(".,"), "note": 'say "hi"'})]
        )

    tools = [
        {
            "type": "function",
            "function": {
                "name": "send_email",
                "description": "Send an e-mail",
                "parameters": {"type": "object", "properties": {"to": {"type": "string"}}},
            },
        }
    ]
    oai.chat.completions.create(
        model="auto", messages=[{"role": "user", "content": PII_PROMPT}], tools=tools
    )
    trusted.script(reply_with_placeholder())
    completion = oai.chat.completions.create(
        model="auto", messages=[{"role": "user", "content": PII_PROMPT}], tools=tools
    )
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "send_email"
    assert json.loads(call.function.arguments) == {"to": EMAIL, "note": 'say "hi"'}
    assert completion.choices[0].finish_reason == "tool_calls"
    assert trusted.received[-1]["tools"][0]["name"] == "send_email"


def test_image_parts_count_as_unknown_and_stay_local(
    oai: openai.OpenAI, local: FakeProvider
) -> None:
    raw = oai.chat.completions.with_raw_response.create(
        model="auto",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this picture?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="},
                    },
                ],
            }
        ],
    )
    assert raw.headers["x-tiergate-egress-tier"] == "3"
    assert raw.headers["x-tiergate-provider"] == "local"
    assert len(local.received) == 1
