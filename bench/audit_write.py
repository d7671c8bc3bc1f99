"""Audit write throughput (records/s) on SQLite and PostgreSQL: single appends, batches of
500, and the gateway's path (spool append on the request, batched by the writer thread).

    .venv/bin/python bench/audit_write.py [--pg postgresql://postgres@127.0.0.1/test] [-n 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditStore
from tiergate.audit.writer import SpooledAudit

KEY = b"bench-audit-key"


def record(i: int) -> AuditRecord:
    return AuditRecord(
        request_id=f"tg-{uuid.uuid4().hex[:20]}",
        time=time.time(),
        endpoint="/v1/chat/completions",
        client_format="openai",
        outcome="ok",
        status=200,
        provider="trusted",
        provider_model="trusted-model",
        jurisdiction="US",
        self_hosted=False,
        input_tier=2,
        egress_tier=2,
        reasons=("PII",),
        finding_counts={"EMAIL": 2, "PERSON": 1},
        fingerprints=tuple(uuid.uuid4().hex for _ in range(3)),
        pseudonymised=3,
        attempts=("trusted:200",),
        prompt_tokens=120,
        completion_tokens=40,
        latency_ms=12.5,
        upstream_ms=10.1,
    )


def rate(n: int, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def bench(name: str, url: str, n: int, spool: Path) -> None:
    with AuditStore.open(url, key=KEY) as s:
        single = min(n, 2000)
        recs = [record(i) for i in range(single)]
        r1 = rate(single, lambda: [s.append([r]) for r in recs])
        recs = [record(i) for i in range(n)]
        r2 = rate(n, lambda: [s.append(recs[i : i + 500]) for i in range(0, n, 500)])
    store = AuditStore.open(url, key=KEY)
    audit = SpooledAudit(store, spool)
    recs = [record(i) for i in range(n)]
    r3 = rate(n, lambda: [audit.append([r]) for r in recs])
    r4 = rate(n, lambda: audit.flush(120))
    both = n / (n / r3 + n / r4)
    audit.close()
    print(
        f"{name:<10}  single {r1:>9,.0f}/s  batch-500 {r2:>9,.0f}/s  "
        f"spool append {r3:>9,.0f}/s  appended→in db {both:>9,.0f}/s"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("-n", type=int, default=20000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("sqlite", f"sqlite://{tmp}/audit.db", args.n, Path(tmp) / "spool-sqlite")
        schema = "tg_bench_" + uuid.uuid4().hex[:8]
        url = f"{args.pg}?schema={schema}"
        try:
            bench("postgres", url, args.n, Path(tmp) / "spool-pg")
        finally:
            import psycopg  # noqa: PLC0415

            with psycopg.connect(args.pg, autocommit=True) as c:
                c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
