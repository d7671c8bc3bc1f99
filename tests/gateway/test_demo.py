"""The README's main job: `examples/gateway_demo.py` routes each example to the right tier's
provider, shows what left and what came back, and ends with the audit report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parents[2] / "examples" / "gateway_demo.py"


def test_gateway_demo_routes_minimises_and_restores() -> None:
    run = subprocess.run(
        [sys.executable, str(DEMO)], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "research question: tier 1, egress tier 1 → minimax" in out
    assert "support ticket: tier 2, egress tier 2 → claude" in out
    assert "patient summary: tier 3, egress tier 3 → office-llm" in out
    assert (
        "the provider received: You can reach me at maria.keller@example.com or on [PHONE_" in out
    )
    assert "the client read back:  You can reach me at maria.keller@example.com or on +49 30" in out
    assert "No tier-3 data reached a provider that is not self-hosted." in out
