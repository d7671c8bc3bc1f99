"""Streams cut as finely as they can be: an answer delivered one character per event, with
placeholders at the start, back to back, at the very end, next to look-alikes, is restored
exactly — text and tool-call arguments (which must stay valid JSON) — for each client SDK
against each provider wire format, the same or converted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import anthropic
import openai
import pytest
from gwutil import KEY, make_config

from tiergate.testing import FakeProvider, Reply, RunningGateway, provider_config, run_gateway

EMAIL = "quentin.zylberstein@acme-robotics.io"
PHONE = "+44 20 7946 0958"
PROMPT = f"Write to {EMAIL} or call {PHONE} about the refund for order 4471."
ONE_CHAR = 100_000  # more pieces than characters: every piece is one character
MODEL = {"openai": "cheap-model", "anthropic": "trusted-model"}  # which wire answers

COMBOS = [(c, w) for c in ("openai", "anthropic") for w in ("openai", "anthropic")]
COMBO_IDS = [f"{c}-client-{w}-wire" for c, w in COMBOS]


@pytest.fixture(scope="module")
def tier2(
    tmp_path_factory: pytest.TempPathFactory, cheap: FakeProvider, trusted: FakeProvider
) -> Iterator[RunningGateway]:
    """Both fakes as tier-2 providers (so personal data is pseudonymised for both)."""
    facts = {"jurisdiction": "DE", "trains_on_api_data": False}
    config = make_config(
        tmp_path_factory.mktemp("tier2"),
        provider_config(cheap, "eu-openai", facts=facts),
        provider_config(trusted, "eu-anthropic", facts=facts),
    )
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw


def fake(wire: str, cheap: FakeProvider, trusted: FakeProvider) -> FakeProvider:
    return cheap if wire == "openai" else trusted


def placeholders(gw: RunningGateway, model: str, provider: FakeProvider) -> tuple[str, str]:
    """The placeholders the gateway gives EMAIL and PHONE, read from what the provider got."""
    with openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as oai:
        oai.chat.completions.create(model=model, messages=[{"role": "user", "content": PROMPT}])
    sent = json.dumps(provider.received.pop())
    assert EMAIL not in sent and PHONE not in sent
    email = re.search(r"\[EMAIL_[0-9a-f]+\]", sent)
    phone = re.search(r"\[PHONE[A-Z_]*_[0-9a-f]+\]", sent)
    assert email and phone, sent
    return email.group(0), phone.group(0)


def stream_text(gw: RunningGateway, client: str, model: str) -> tuple[str, int]:
    """The streamed answer to PROMPT as the client SDK assembles it, and how many pieces."""
    messages: list[Any] = [{"role": "user", "content": PROMPT}]
    if client == "openai":
        with openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as oai:
            chunks = oai.chat.completions.create(model=model, stream=True, messages=messages)
            pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    else:
        with (
            anthropic.Anthropic(base_url=gw.anthropic_base_url, api_key="x", max_retries=0) as ant,
            ant.messages.stream(model=model, max_tokens=100, messages=messages) as stream,
        ):
            pieces = list(stream.text_stream)
            final = stream.get_final_message()
            assert final.content[0].type == "text"
            assert final.content[0].text == "".join(pieces)
    return "".join(pieces), len([p for p in pieces if p])


@pytest.mark.parametrize(("client", "wire"), COMBOS, ids=COMBO_IDS)
@pytest.mark.parametrize(
    "template",
    [
        "{e}{p} wrote: «ça va?» [EMAIL_ is not one, [EMAIL_0123456789abcdef] unknown, ends {e}",
        "[{e}]({p}) {e}\n{p}[]: the end is held back until the stream ends: [EMAIL_",
    ],
    ids=["placeholder-last", "partial-last"],
)
def test_one_character_chunks_restore_exactly(
    tier2: RunningGateway,
    cheap: FakeProvider,
    trusted: FakeProvider,
    client: str,
    wire: str,
    template: str,
) -> None:
    provider = fake(wire, cheap, trusted)
    email, phone = placeholders(tier2, MODEL[wire], provider)
    provider.script(Reply(text=template.format(e=email, p=phone), chunks=ONE_CHAR))
    text, pieces = stream_text(tier2, client, MODEL[wire])
    assert text == template.format(e=EMAIL, p=PHONE)
    assert pieces > 40  # passed on as it came, not buffered into one piece
    assert EMAIL not in json.dumps(provider.received)


TOOL_ARGS = {"to": "{e}", "cc": ["{e}", "{p}"], "note": 'say "hi" to {e}\n', "n": 3}


def tool_args(e: str, p: str) -> dict[str, Any]:
    args: dict[str, Any] = json.loads(json.dumps(TOOL_ARGS).replace("{e}", e).replace("{p}", p))
    return args


@pytest.mark.parametrize(("client", "wire"), COMBOS, ids=COMBO_IDS)
def test_streamed_tool_call_arguments_restored_to_valid_json(
    tier2: RunningGateway,
    cheap: FakeProvider,
    trusted: FakeProvider,
    client: str,
    wire: str,
) -> None:
    provider = fake(wire, cheap, trusted)
    email, phone = placeholders(tier2, MODEL[wire], provider)
    provider.script(Reply(tool_calls=[("send_email", tool_args(email, phone))], chunks=ONE_CHAR))
    expected = tool_args(EMAIL, PHONE)
    messages: list[Any] = [{"role": "user", "content": PROMPT}]
    if client == "openai":
        tools: list[Any] = [
            {"type": "function", "function": {"name": "send_email", "parameters": {}}}
        ]
        with openai.OpenAI(base_url=tier2.openai_base_url, api_key="x", max_retries=0) as oai:
            chunks = oai.chat.completions.create(
                model=MODEL[wire], stream=True, messages=messages, tools=tools
            )
            names, arguments, finish = [], "", None
            for chunk in chunks:
                if not chunk.choices:
                    continue
                finish = chunk.choices[0].finish_reason or finish
                for call in chunk.choices[0].delta.tool_calls or ():
                    assert call.index == 0
                    if call.function and call.function.name:
                        names.append(call.function.name)
                    if call.function and call.function.arguments:
                        arguments += call.function.arguments
        assert names == ["send_email"]
        assert json.loads(arguments) == expected
        assert finish == "tool_calls"
    else:
        with (
            anthropic.Anthropic(
                base_url=tier2.anthropic_base_url, api_key="x", max_retries=0
            ) as ant,
            ant.messages.stream(
                model=MODEL[wire],
                max_tokens=100,
                messages=messages,
                tools=[{"name": "send_email", "input_schema": {"type": "object"}}],
            ) as stream,
        ):
            partial = "".join(
                ev.delta.partial_json
                for ev in stream
                if ev.type == "content_block_delta" and ev.delta.type == "input_json_delta"
            )
            final = stream.get_final_message()
        assert json.loads(partial) == expected
        block = final.content[0]
        assert block.type == "tool_use" and block.name == "send_email"
        assert block.input == expected
        assert final.stop_reason == "tool_use"
    assert EMAIL not in json.dumps(provider.received)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_compressed_answer_is_decoded_and_restored(
    tier2: RunningGateway, cheap: FakeProvider, trusted: FakeProvider, stream: bool
) -> None:
    """tiergate does not ask for compression; a provider that compresses anyway is read."""
    email, _ = placeholders(tier2, MODEL["openai"], cheap)
    cheap.script(Reply(text=f"Sent to {email}.", chunks=4, gzip=True))
    with openai.OpenAI(base_url=tier2.openai_base_url, api_key="x", max_retries=0) as oai:
        messages: Any = [{"role": "user", "content": PROMPT}]
        if stream:
            chunks = oai.chat.completions.create(
                model=MODEL["openai"], messages=messages, stream=True
            )
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        else:
            answer = oai.chat.completions.create(model=MODEL["openai"], messages=messages)
            text = answer.choices[0].message.content or ""
    assert text == f"Sent to {EMAIL}."
    assert "accept-encoding" not in cheap.headers[-1]
