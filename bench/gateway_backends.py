"""Shared backends against the embedded defaults: tiergate with its audit on PostgreSQL and its
state (rate limits, key cool-downs) on Redis, side by side with the same gateway on SQLite and
in-process state, and with direct calls — all in the same run.

    python bench/gateway_backends.py [DATA_DIR] [-n 400] [--rounds 3] [--prompt pii]
        [--pg postgresql://postgres@127.0.0.1:5432/test] [--redis redis://127.0.0.1:6379/0]

Starts the harness's fake upstream (DATA_DIR/gateway/upstream.py) and two `tiergate serve`
processes in front of it: *embedded* (SQLite audit file, in-process state) and *shared*
(PostgreSQL audit in a schema of its own, Redis state under a key prefix of its own). Each
has one client key with request and token limits (far above what the run sends), so that
every request is authenticated, counted against its limits in the state, and audited. Then
the harness's `load.py` runs against direct, embedded and shared in turn, the order rotating
from round to round, for every mode × concurrency. Reported: medians over rounds of p50/p99,
rps, time to first token, and the gateway process's CPU per request (PostgreSQL's and
Redis's own CPU is not in it: see host CPU), and for the shared gateway the Redis commands
per request (the server's `total_commands_processed` around each run, warm-up included; the
commands a Lua script runs count too: a rate-limit check is one round trip and six commands). The schema and the Redis keys are removed at
the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from gateway import (
    BENCH_PSEUDONYM_KEY,
    Processes,
    child_env,
    fmt,
    free_port,
    interrupted,
    machine,
    med,
    q,
    start_upstream,
    wait_http,
    write_config,
)

TARGETS = ("direct", "embedded", "shared")
LIMITS = ("--rpm", "100000000", "--tpm", "2000000000")


def client_key(config: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tiergate", "keys", "create", "--name", "bench", *LIMITS,
         "--config", str(config)],
        capture_output=True, text=True, check=True, env=child_env(),
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1].strip()


def load(
    harness: Path, url: str, key: str, pid: int | None, args: argparse.Namespace, mode: str, c: int
) -> dict[str, Any]:
    cmd = [
        sys.executable, str(harness / "load.py"), "--base-url", url, "--api-key", key,
        "-n", str(args.requests), "-c", str(c), "--prompt", args.prompt,
    ]  # fmt: skip
    if mode == "stream":
        cmd.append("--stream")
    if pid is not None:
        cmd += ["--pid", str(pid)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=child_env(), check=False)
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    if not lines:
        raise SystemExit(f"load.py printed no result: {done.stderr[-500:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def redis_commands(redis_url: str) -> int | None:
    """Commands the Redis server has processed since it started (None if it cannot say)."""
    try:
        import redis  # noqa: PLC0415

        r = redis.Redis.from_url(redis_url)
        try:
            return int(r.info("stats")["total_commands_processed"])
        finally:
            r.close()
    except Exception:  # a figure, not a reason to stop the run
        return None


def cleanup(pg: str, schema: str, redis_url: str, prefix: str) -> None:
    try:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    except Exception as exc:  # a benchmark's tidying up: say so, go on
        print(f"could not drop schema {schema}: {type(exc).__name__}", file=sys.stderr)
    try:
        import redis  # noqa: PLC0415

        r = redis.Redis.from_url(redis_url)
        keys = list(r.scan_iter(match=f"{prefix}*"))
        if keys:
            r.delete(*keys)
        r.close()
    except Exception as exc:
        print(f"could not delete Redis keys {prefix}*: {type(exc).__name__}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default="../shared/bench", type=Path)
    ap.add_argument("-n", "--requests", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", default="1,16")
    ap.add_argument("--modes", default="nonstream,stream")
    ap.add_argument("--prompt", default="pii", choices=["plain", "pii"])
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    ap.add_argument("--json", type=Path, help="also write the summary here")
    args = ap.parse_args()
    harness = (args.data / "gateway").resolve()
    if not (harness / "load.py").is_file():
        ap.error(f"{harness / 'load.py'} not found: pass the shared bench folder")

    tmp = Path(tempfile.mkdtemp(prefix="tiergate-backends-"))
    schema = "tg_bench_" + uuid.uuid4().hex[:10]
    prefix = f"tiergate-bench-{uuid.uuid4().hex[:10]}:"
    procs = Processes()
    signal.signal(signal.SIGTERM, interrupted)
    results: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    try:
        upstream, up_port = start_upstream(procs, harness)
        shared = {
            "audit": {"url": f"{args.pg}?schema={schema}"},
            "state": {"url": args.redis, "prefix": prefix},
        }
        urls: dict[str, str] = {"direct": f"http://127.0.0.1:{up_port}/v1"}
        keys: dict[str, str] = {"direct": "sk-bench"}
        pids: dict[str, int] = {"direct": upstream.pid}
        for name, extra in (("embedded", None), ("shared", shared)):
            (tmp / name).mkdir()
            config = write_config(tmp / name, up_port, extra)
            keys[name] = client_key(config)
            port = free_port()
            proc = procs.start(
                [sys.executable, "-m", "tiergate", "serve", "--config", str(config),
                 "--port", str(port), "--log-format", "json"],
                env=child_env(TIERGATE_PSEUDONYM_KEY=BENCH_PSEUDONYM_KEY),
                stdout=subprocess.DEVNULL, stderr=(tmp / f"{name}.log").open("w"),
            )  # fmt: skip
            wait_http(f"http://127.0.0.1:{port}/healthz", proc, 60)
            urls[name], pids[name] = f"http://127.0.0.1:{port}/v1", proc.pid
        facts = machine()
        concs = [int(c) for c in args.concurrency.split(",")]
        for mode in args.modes.split(","):
            for c in concs:
                for r in range(args.rounds):
                    order = TARGETS[r % 3 :] + TARGETS[: r % 3]
                    for target in order:
                        before = redis_commands(args.redis) if target == "shared" else None
                        res = load(harness, urls[target], keys[target], pids[target], args, mode, c)
                        after = redis_commands(args.redis) if before is not None else None
                        if before is not None and after is not None:  # warm-up requests too
                            res["redis_per_req"] = (after - before) / (res["sent"] + res["warmup"])
                        results.setdefault((mode, c, target), []).append(res)
                        print(
                            f"{mode} c={c} round {r + 1} {target}: p50 "
                            f"{q(res)} ms, {res.get('rps')} rps, ok {res.get('ok')}/"
                            f"{res.get('sent')}, echo_ok {res.get('echo_ok')}",
                            file=sys.stderr,
                        )
    except KeyboardInterrupt:
        print("\ninterrupted: stopping what was started", file=sys.stderr)
        return 130
    finally:
        procs.stop_all()
        cleanup(args.pg, schema, args.redis, prefix)
        shutil.rmtree(tmp, ignore_errors=True)

    rows = []
    for (mode, c, target), runs in sorted(results.items()):
        direct = results[(mode, c, "direct")]
        rows.append(
            {
                "mode": mode,
                "concurrency": c,
                "target": target,
                "p50_ms": med(q(x) for x in runs),
                "p99_ms": med(q(x, p="p99") for x in runs),
                "added_p50_ms": med(
                    (q(x) or 0) - (q(d) or 0) for x, d in zip(runs, direct, strict=True)
                ),
                "ttft_p50_ms": med(q(x, "ttft_ms") for x in runs),
                "rps": med(x.get("rps") for x in runs),
                "cpu_ms_per_req": med(x.get("server_cpu_ms_per_req") for x in runs),
                "host_cpu_pct": med(x.get("host_cpu_pct") for x in runs),
                "redis_commands_per_req": med(x.get("redis_per_req") for x in runs),
                "errors": sum(x.get("errors") or 0 for x in runs),
                "echo_ok_ratio": round(
                    sum(x.get("echo_ok") or 0 for x in runs) / max(1, sum(x["ok"] for x in runs)), 3
                ),
            }
        )
    print(f"\n## --prompt {args.prompt}: medians of {args.rounds} rounds, {args.requests} req/run")
    print("| mode | c | target | p50 ms | p99 ms | added p50 ms | TTFT p50 ms | rps | CPU ms/req "
          "| host CPU % | Redis commands/req | errors | echo_ok |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['mode']} | {r['concurrency']} | {r['target']} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {r['added_p50_ms']} | {r['ttft_p50_ms']} | {r['rps']} | {r['cpu_ms_per_req']} "
            f"| {r['host_cpu_pct']} | {fmt(r['redis_commands_per_req'])} | {r['errors']} "
            f"| {r['echo_ok_ratio']} |"
        )
    print(json.dumps(facts))
    if args.json:
        args.json.write_text(json.dumps({"machine": facts, "rows": rows}, indent=1), "utf-8")
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
