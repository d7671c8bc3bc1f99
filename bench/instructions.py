"""CPU instructions per scan and per gateway request, counted by valgrind (callgrind).

    python bench/instructions.py [DATA_DIR] [--compare REF] [-n 60] [--prompts plain,pii]

Timings on a shared 2-vCPU machine move by 2x from one minute to the next; the number of
instructions a piece of code executes does not (the same count on every run, whatever else
the machine is doing). This counts, for the gateway harness's 2 KB prompts:

- **scan**: instructions per ``Scanner.scan`` of the prompt (system + user message), after
  20 scans of warm-up, counted only around the measured scans;
- **request**: instructions per request of the whole ``tiergate serve`` process (every
  thread), non-streamed and streamed, against the harness's fake upstream: the gateway runs
  under callgrind, the harness's load client sends warm-up requests, the counters are zeroed,
  ``-n`` requests are sent one at a time, and the counters are dumped.

``--compare REF`` measures a git revision too (checked out in a temporary worktree) and
prints the ratios, so both sides are counted in the same run. Instructions are not time
(a cache miss costs more than an add), but for the same Python on the same inputs a change in
count is a change in work. valgrind must be installed (it is on the machines we run on).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gateway import (  # the sibling script's helpers
    BENCH_PSEUDONYM_KEY,
    Processes,
    child_env,
    free_port,
    start_upstream,
    wait_http,
    write_config,
)

ROOT = Path(__file__).resolve().parent.parent

SCAN_CHILD = r"""
import importlib.util, os, subprocess, sys
spec = importlib.util.spec_from_file_location("load", sys.argv[1])
load = importlib.util.module_from_spec(spec); spec.loader.exec_module(load)
from tiergate.pipeline import Engine
engine = Engine()
user = "[req 0000001] " + load.build_user_text(sys.argv[2], 2048 - len(load.SYSTEM_PROMPT) - 14)
text = load.SYSTEM_PROMPT + "\n\n" + user
for _ in range(20):
    engine.scanner.scan(text)
import gc; gc.collect(); gc.freeze()  # as `tiergate serve` does: no collection walks the tables
toggle = ["callgrind_control", "-i"]
subprocess.run([*toggle, "on", str(os.getpid())], capture_output=True, check=True)
for _ in range(int(sys.argv[3])):
    engine.scanner.scan(text)
subprocess.run([*toggle, "off", str(os.getpid())], capture_output=True, check=True)
"""


def collected(output: str) -> int:
    m = re.search(r"Collected : (\d+)", output)
    if not m:
        raise SystemExit(f"callgrind gave no count:\n{output[-2000:]}")
    return int(m.group(1))


def scan_instructions(src: Path, harness: Path, prompt: str, n: int) -> float:
    """Instructions per scan of ``prompt`` with the tiergate in ``src``."""
    cmd = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
        sys.executable, "-c", SCAN_CHILD, str(harness / "load.py"), prompt, str(n),
    ]  # fmt: skip
    env = child_env(PYTHONPATH=str(src / "src"))
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return collected(out.stderr) / n


def request_instructions(
    src: Path, harness: Path, prompt: str, stream: bool, n: int, procs: Processes
) -> float:
    """Instructions per request of the gateway process (all threads) in ``src``."""
    tmp = Path(tempfile.mkdtemp(prefix="tiergate-instr-"))
    try:
        upstream, up_port = start_upstream(procs, harness)
        gw_port = free_port()
        config = write_config(tmp, up_port)
        out_file = tmp / "callgrind.out"
        gateway = procs.start(
            [
                "valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
                sys.executable, "-m", "tiergate", "serve", "--config", str(config),
                "--port", str(gw_port), "--log-format", "json",
            ],
            env=child_env(PYTHONPATH=str(src / "src"), TIERGATE_PSEUDONYM_KEY=BENCH_PSEUDONYM_KEY),
            stdout=subprocess.DEVNULL,
            stderr=(tmp / "gateway.log").open("w"),
        )  # fmt: skip
        wait_http(f"http://127.0.0.1:{gw_port}/healthz", gateway, 600)
        load = [
            sys.executable, str(harness / "load.py"), "--base-url",
            f"http://127.0.0.1:{gw_port}/v1", "--prompt", prompt, "-c", "1", "--timeout", "120",
            *(["--stream"] if stream else []),
        ]  # fmt: skip
        warm = [*load, "-n", "20", "--warmup", "5"]
        subprocess.run(warm, env=child_env(), check=True, capture_output=True)
        control = ["callgrind_control"]
        subprocess.run([*control, "-z", str(gateway.pid)], check=True, capture_output=True)
        counted = [*load, "-n", str(n), "--warmup", "0"]
        ran = subprocess.run(counted, env=child_env(), check=True, capture_output=True, text=True)
        result = json.loads(ran.stdout.strip().splitlines()[-1])
        if result["ok"] != n or (prompt == "pii" and result["echo_ok"] != n):
            raise SystemExit(f"not every request succeeded: {result}")
        time.sleep(0.5)  # the audit writer's last batch
        subprocess.run([*control, "-d", str(gateway.pid)], check=True, capture_output=True)
        total = 0
        for _ in range(100):  # the dump is written asynchronously
            dumps = [p for p in tmp.glob("callgrind.out*") if p.name != "callgrind.out"]
            text = "".join(p.read_text(errors="replace") for p in dumps)
            found = re.findall(r"^(?:summary|totals): (\d+)", text, re.M)
            if found:
                total = max(int(x) for x in found)
                break
            time.sleep(0.1)
        procs.stop(gateway)
        procs.stop(upstream)
        if not total:
            raise SystemExit("callgrind wrote no dump")
        return total / n
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def checkout(ref: str) -> Any:
    """A temporary worktree at ``ref``."""
    path = Path(tempfile.mkdtemp(prefix="tiergate-ref-"))
    add = ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), ref]
    subprocess.run(add, check=True, capture_output=True)
    try:
        yield path
    finally:
        remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)]
        subprocess.run(remove, check=False, capture_output=True)


def commit(src: Path) -> str:
    rev = ["git", "-C", str(src), "rev-parse", "--short", "HEAD"]
    out = subprocess.run(rev, check=False, capture_output=True, text=True)
    return out.stdout.strip() or "?"


def measure(src: Path, harness: Path, prompts: list[str], n: int) -> dict[str, float]:
    procs = Processes()
    try:
        row: dict[str, float] = {}
        for prompt in prompts:
            row[f"scan {prompt}"] = scan_instructions(src, harness, prompt, n * 3)
            for stream in (False, True):
                key = f"request {prompt} {'stream' if stream else 'non-stream'}"
                row[key] = request_instructions(src, harness, prompt, stream, n, procs)
                print(f"# {commit(src)} {key}: {row[key] / 1e6:.2f}M", file=sys.stderr)
        return row
    finally:
        procs.stop_all()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--compare", metavar="REF", help="a git revision to count as well")
    ap.add_argument("-n", "--requests", type=int, default=60, help="counted requests per cell")
    ap.add_argument("--prompts", default="plain,pii")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    harness = Path(args.data) / "gateway"
    if not (harness / "load.py").exists():
        raise SystemExit(f"no gateway harness in {harness}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    prompts = [p.strip() for p in args.prompts.split(",") if p.strip()]
    rows = {commit(ROOT): measure(ROOT, harness, prompts, args.requests)}
    if args.compare:
        with checkout(args.compare) as ref_src:
            rows = {commit(ref_src): measure(ref_src, harness, prompts, args.requests), **rows}
    names = list(rows)
    keys = list(next(iter(rows.values())))
    print(f"\nmillions of instructions ({os.uname().machine}, Python {sys.version.split()[0]})")
    print("| what | " + " | ".join(names) + (" | ratio |" if len(names) == 2 else " |"))
    print("|---|" + "---:|" * (len(names) + (len(names) == 2)))
    for key in keys:
        cells = [f"{rows[name][key] / 1e6:.2f}" for name in names]
        ratio = f" | {rows[names[1]][key] / rows[names[0]][key]:.2f} |" if len(names) == 2 else " |"
        print(f"| {key} | " + " | ".join(cells) + ratio)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
