"""A tour of the gateway that needs no API key: three stand-in providers on 127.0.0.1, a
tiergate in front of them, and the official OpenAI SDK as the client.

- ``minimax``: a cheap cloud provider abroad (facts from the bundled catalog): tier 1 only;
- ``claude``: a trusted jurisdiction that does not train on API data (catalog): tier 2;
- ``office-llm``: a self-hosted model: tier 3.

Each stand-in answers by echoing the last user message, so what the client reads back shows
the pseudonyms restored, and what the provider received shows what left. Run it with
``python examples/gateway_demo.py`` (or ``make demo``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openai

from tiergate.cli import main as tiergate_cli
from tiergate.config import Config
from tiergate.testing import FakeProvider, last_user_text, provider_config, run_gateway

HERE = Path(__file__).parent
PROMPTS = [
    ("research question", (HERE / "research-question.txt").read_text()),
    ("support ticket", (HERE / "support-ticket.txt").read_text()),
    ("patient summary", (HERE / "patient-summary.txt").read_text()),
]
DEMO_KEY = "ZGVtby1wc2V1ZG9ueW0ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbg=="  # fixed, for a stable output


def telling_line(sent: str, answer: str) -> tuple[str, str]:
    """The first line of what was sent that minimisation changed, and the same line of the
    answer (the stand-ins echo the prompt after ``ECHO: ``, line for line)."""
    sent_lines = sent.splitlines()
    answer_lines = answer.removeprefix("ECHO: ").splitlines()
    i = next((n for n, ln in enumerate(sent_lines) if "[" in ln), 0)
    pick = answer_lines[i] if i < len(answer_lines) else ""
    return sent_lines[i][:90] if sent_lines else "", pick[:90]


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeProvider("openai", model="MiniMax-M1") as minimax,
        FakeProvider("anthropic", model="claude-sonnet-4-5") as claude,
        FakeProvider("openai", model="llama-3.1-70b") as office,
    ):
        audit_url = f"sqlite:///{Path(tmp) / 'audit.db'}"
        config = Config.model_validate(
            {
                "providers": [
                    provider_config(minimax, "minimax", api_keys=["demo"], catalog="minimax"),
                    provider_config(claude, "claude", api_keys=["demo"], catalog="anthropic"),
                    provider_config(office, "office-llm", facts={"self_hosted": True}),
                ],
                "audit": {"url": audit_url},
            }
        )
        providers = {"minimax": minimax, "claude": claude, "office-llm": office}
        with (
            run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": DEMO_KEY}) as gw,
            openai.OpenAI(base_url=gw.openai_base_url, api_key="unused", max_retries=0) as client,
        ):
            print(f"tiergate on {gw.url}, model 'auto', three providers on 127.0.0.1\n")
            for label, prompt in PROMPTS:
                raw = client.chat.completions.with_raw_response.create(
                    model="auto", messages=[{"role": "user", "content": prompt}]
                )
                answer = raw.parse().choices[0].message.content or ""
                name = raw.headers["x-tiergate-provider"]
                sent = last_user_text(providers[name].received[-1])
                print(
                    f"{label}: tier {raw.headers['x-tiergate-tier']}, egress tier "
                    f"{raw.headers['x-tiergate-egress-tier']} → {name}"
                )
                left, back = telling_line(sent, answer)
                print(f"  the provider received: {left}")
                print(f"  the client read back:  {back}\n")
        print("tiergate audit report:")
        return tiergate_cli(["audit", "report", "--audit", audit_url])


if __name__ == "__main__":
    sys.exit(main())
