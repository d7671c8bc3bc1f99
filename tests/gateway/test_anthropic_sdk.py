"""The official Anthropic SDK, unmodified, pointed at tiergate. The tier-1 and tier-3
providers speak the OpenAI wire format, so these requests are also converted both ways."""

from __future__ import annotations

import json

import anthropic
from test_openai_sdk import EMAIL, PATIENT, PII_PROMPT, github_token

from tiergate.testing import FakeProvider, Reply


def test_public_prompt_is_converted_to_openai_and_back(
    ant: anthropic.Anthropic, cheap: FakeProvider
) -> None:
    raw = ant.messages.with_raw_response.create(
        model="auto",
        max_tokens=100,
        system="Be brief.",
        messages=[{"role": "user", "content": "What is the boiling point of water?"}],
    )
    message = raw.parse()
    assert message.content[0].text == "ECHO: What is the boiling point of water?"
    assert message.stop_reason == "end_turn"
    assert raw.headers["x-tiergate-provider"] == "cheap"
    body = cheap.received[0]
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}
    assert body["model"] == "cheap-model"


def test_personal_data_same_format(ant: anthropic.Anthropic, trusted: FakeProvider) -> None:
    message = ant.messages.create(
        model="auto", max_tokens=100, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    assert message.content[0].text == "ECHO: " + PII_PROMPT
    assert EMAIL not in json.dumps(trusted.received)
    assert trusted.headers[0]["x-api-key"] == "sk-ant-trusted-1"
    assert trusted.headers[0]["anthropic-version"]


def test_streaming_same_format(ant: anthropic.Anthropic, trusted: FakeProvider) -> None:
    trusted.script(Reply(chunks=15))
    with ant.messages.stream(
        model="auto", max_tokens=100, messages=[{"role": "user", "content": PII_PROMPT}]
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert "".join(pieces) == "ECHO: " + PII_PROMPT
    assert final.content[0].text == "ECHO: " + PII_PROMPT
    assert len(pieces) > 3


def test_streaming_cross_format(ant: anthropic.Anthropic, local: FakeProvider) -> None:
    local.script(Reply(chunks=8))
    with ant.messages.stream(
        model="auto", max_tokens=100, messages=[{"role": "user", "content": PATIENT}]
    ) as stream:
        text = "".join(stream.text_stream)
    assert text == "ECHO: " + PATIENT
    assert local.received[0]["stream"] is True


def test_tool_use_restored_in_input(ant: anthropic.Anthropic, trusted: FakeProvider) -> None:
    ant.messages.create(
        model="auto", max_tokens=50, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    sent = json.dumps(trusted.received[-1])
    placeholder = sent[sent.index("[EMAIL_") : sent.index("]", sent.index("[EMAIL_")) + 1]
    trusted.script(Reply(tool_calls=[("send_email", {"to": placeholder, "cc": [placeholder]})]))
    message = ant.messages.create(
        model="auto",
        max_tokens=50,
        tools=[{"name": "send_email", "description": "send", "input_schema": {"type": "object"}}],
        messages=[{"role": "user", "content": PII_PROMPT}],
    )
    block = message.content[0]
    assert block.type == "tool_use"
    assert block.input == {"to": EMAIL, "cc": [EMAIL]}


def test_tool_use_streamed_cross_format(ant: anthropic.Anthropic, cheap: FakeProvider) -> None:
    cheap.script(Reply(tool_calls=[("lookup", {"city": "Lisbon", "days": 3})], chunks=4))
    with ant.messages.stream(
        model="auto",
        max_tokens=50,
        tools=[{"name": "lookup", "description": "weather", "input_schema": {"type": "object"}}],
        messages=[{"role": "user", "content": "Weather in Lisbon for 3 days?"}],
    ) as stream:
        final = stream.get_final_message()
    block = final.content[0]
    assert block.type == "tool_use" and block.name == "lookup"
    assert block.input == {"city": "Lisbon", "days": 3}
    assert final.stop_reason == "tool_use"


def test_secret_in_a_tool_result_is_redacted(ant: anthropic.Anthropic, cheap: FakeProvider) -> None:
    token = github_token(9)
    ant.messages.create(
        model="auto",
        max_tokens=50,
        messages=[
            {"role": "user", "content": "Read the config."},
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "t1", "name": "read", "input": {"path": "a"}}
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": f"token: {token}"}
                ],
            },
        ],
    )
    assert token not in json.dumps(cheap.received)
    assert "[REDACTED:TOKEN]" in json.dumps(cheap.received)


def test_models_list_in_both_formats(ant: anthropic.Anthropic) -> None:
    ids = [m.id for m in ant.models.list()]
    assert ids[0] == "auto" and "trusted-model" in ids
