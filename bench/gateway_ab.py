"""Gateway latency of two revisions, side by side in one run.

    python bench/gateway_ab.py REF [DATA_DIR] [--rounds 6] [-n 500] [--prompt pii]

The timings of a shared 2-vCPU machine drift by a third within an hour, so two runs of
``bench/gateway.py`` made at different times cannot tell a change of 0.3 ms from the
machine's mood. This starts the harness's fake upstream once and two ``tiergate serve``
processes in front of it, one with the code of this checkout and one with ``REF`` (checked
out in a temporary worktree, run with the same Python and packages), and runs the load client
against each in turn, at concurrency 1, alternating which goes first: ``--rounds`` rounds of
non-streamed requests (p50 latency) and of streamed ones (p50 time to the first content
chunk), each also with the gateway process's CPU time per request (all threads, user and
system: the system part is where socket writes show). It prints the medians over the rounds
and the median of the per-round differences. Both gateways get the configuration of
``bench/gateway.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gateway import (  # the sibling scripts' helpers
    BENCH_PSEUDONYM_KEY,
    Processes,
    child_env,
    free_port,
    start_upstream,
    thread_cpu,
    wait_http,
    write_config,
)
from instructions import ROOT, checkout, commit


def start_gateway(procs: Processes, src: Path, folder: Path, upstream_port: int) -> tuple[int, int]:
    """``tiergate serve`` from ``src`` in front of the upstream: its port and process id."""
    folder.mkdir()
    port = free_port()
    gateway = procs.start(
        [
            sys.executable, "-m", "tiergate", "serve", "--config",
            str(write_config(folder, upstream_port)), "--port", str(port), "--log-format", "json",
        ],
        env=child_env(PYTHONPATH=str(src / "src"), TIERGATE_PSEUDONYM_KEY=BENCH_PSEUDONYM_KEY),
        stdout=subprocess.DEVNULL,
        stderr=(folder / "gateway.log").open("w"),
    )  # fmt: skip
    wait_http(f"http://127.0.0.1:{port}/healthz", gateway, 120)
    return port, gateway.pid


def load(harness: Path, side: tuple[int, int], prompt: str, n: int, stream: bool) -> Run:
    """One load run at c=1: the p50 (TTFT when streaming) and the gateway's CPU per request
    (every thread, user and system time, warm-up requests included)."""
    port, pid = side
    before = sum(thread_cpu(pid).values())
    cmd = [
        sys.executable, str(harness / "load.py"), "--base-url", f"http://127.0.0.1:{port}/v1",
        "--prompt", prompt, "-c", "1", "-n", str(n), *(["--stream"] if stream else []),
    ]  # fmt: skip
    ran = subprocess.run(cmd, env=child_env(), check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(ran.stdout.strip().splitlines()[-1])
    if result["ok"] != n or (prompt == "pii" and result["echo_ok"] != n):
        raise SystemExit(f"not every request succeeded and was restored: {result}")
    cpu_ms = (sum(thread_cpu(pid).values()) - before) * 1000 / (n + int(result["warmup"]))
    return Run(float(result["ttft_ms" if stream else "latency_ms"]["p50"]), cpu_ms)


@dataclass
class Run:
    p50_ms: float
    cpu_ms: float


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ref", help="the git revision to compare this checkout with")
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("-n", "--requests", type=int, default=500, help="requests per run")
    ap.add_argument("--prompt", default="pii", choices=["plain", "pii"])
    args = ap.parse_args()
    harness = Path(args.data) / "gateway"
    if not (harness / "load.py").exists():
        raise SystemExit(f"no gateway harness in {harness}")
    procs = Processes()
    tmp: Path | None = None
    try:
        with checkout(args.ref) as ref_src:
            tmp = Path(tempfile.mkdtemp(prefix="tiergate-ab-"))
            _, up_port = start_upstream(procs, harness)
            sides = {
                "A": start_gateway(procs, ref_src, tmp / "ref", up_port),
                "B": start_gateway(procs, ROOT, tmp / "this", up_port),
            }
            names = list(sides)
            print(f"# {commit(ref_src)} (A) against {commit(ROOT)} (B), {args.prompt} prompt, c=1")
            for stream, what in ((False, "p50 ms"), (True, "TTFT p50 ms")):
                runs: dict[str, list[Run]] = {name: [] for name in names}
                for r in range(args.rounds):
                    for name in names if r % 2 == 0 else names[::-1]:
                        runs[name].append(
                            load(harness, sides[name], args.prompt, args.requests, stream)
                        )
                mode = "stream" if stream else "non-stream"
                for label, key in ((what, "p50_ms"), ("CPU ms/req", "cpu_ms")):
                    got = {name: [getattr(run, key) for run in runs[name]] for name in names}
                    a, b = (statistics.median(got[name]) for name in names)
                    diff = statistics.median(
                        y - x for x, y in zip(got[names[0]], got[names[1]], strict=True)
                    )
                    print(
                        f"{mode:10s} {label:11s} A {a:.3f}  B {b:.3f}  B-A {diff:+.3f} ms "
                        f"({b / a:.2f})"
                    )
                    print(f"#   A {[round(v, 3) for v in got[names[0]]]}")
                    print(f"#   B {[round(v, 3) for v in got[names[1]]]}")
    finally:
        procs.stop_all()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
