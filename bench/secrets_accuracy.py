"""Secret-detection accuracy on ../shared/bench/secrets (gitleaks and detect-secrets vectors).

    python bench/secrets_accuracy.py [DATA_DIR] [--misses N] [--rule RULE] [--json OUT]

A case is flagged when tiergate reports any SECRET finding in its text (policy threshold).
Recall is macro-averaged by origin rule; the FP rate is given on all negatives and on the
non-ambiguous ones ("strict"), as in the data folder's README.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import tiergate

FILES = ("cases.jsonl", "cases_detect_secrets.jsonl")


def flagged(text: str) -> list[str]:
    found = tiergate.classify(text).findings
    return [f.detector for f in found if f.category == "SECRET"]


def evaluate(path: Path, misses: int, only_rule: str | None) -> dict[str, object]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if only_rule:
        rows = [r for r in rows if r["rule"] == only_rule]
    by_rule: dict[str, list[bool]] = defaultdict(list)
    fp_all = fp_strict = n_neg = n_strict = 0
    missed: list[dict[str, str]] = []
    false_pos: list[dict[str, object]] = []
    t0 = time.perf_counter()
    for r in rows:
        dets = flagged(r["text"])
        if r["label"] == "secret":
            by_rule[r["rule"]].append(bool(dets))
            if not dets:
                missed.append(r)
        else:
            n_neg += 1
            n_strict += not r["ambiguous"]
            if dets:
                fp_all += 1
                fp_strict += not r["ambiguous"]
                false_pos.append({**r, "detectors": dets})
    elapsed = time.perf_counter() - t0
    recalls = {rule: sum(v) / len(v) for rule, v in by_rule.items()}
    macro = sum(recalls.values()) / len(recalls) if recalls else 0.0
    n_pos = sum(len(v) for v in by_rule.values())
    micro = sum(sum(v) for v in by_rule.values()) / n_pos if n_pos else 0.0
    never = sorted(rule for rule, rec in recalls.items() if rec == 0)
    out = {
        "file": path.name,
        "cases": len(rows),
        "secret": n_pos,
        "not_secret": n_neg,
        "strict_not_secret": n_strict,
        "recall_macro_by_rule": round(macro, 4),
        "recall_micro": round(micro, 4),
        "fp_rate_all": round(fp_all / n_neg, 4) if n_neg else 0.0,
        "fp_rate_strict": round(fp_strict / n_strict, 4) if n_strict else 0.0,
        "rules": len(recalls),
        "rules_never_found": never,
        "seconds": round(elapsed, 2),
    }
    if misses:
        print(f"\n--- {path.name}: rules below full recall ---", file=sys.stderr)
        for rule, rec in sorted(recalls.items(), key=lambda kv: kv[1]):
            if rec < 1:
                print(f"{rec:6.2f}  {rule}  ({len(by_rule[rule])} cases)", file=sys.stderr)
        print(f"\n--- {path.name}: first {misses} missed secrets ---", file=sys.stderr)
        for r in missed[:misses]:
            print(f"[{r['id']} {r['rule']}] {r['text'][:300]!r}", file=sys.stderr)
        print(f"\n--- {path.name}: first {misses} false positives ---", file=sys.stderr)
        for r in false_pos[:misses]:
            amb = " (ambiguous)" if r["ambiguous"] else ""
            print(
                f"[{r['id']} {r['rule']}{amb}] {r['detectors']} {str(r['text'])[:300]!r}",
                file=sys.stderr,
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default="../shared/bench", type=Path)
    ap.add_argument("--misses", type=int, default=0, help="print N missed cases and FPs")
    ap.add_argument("--rule", help="only cases of this origin rule")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    folder = args.data / "secrets" if (args.data / "secrets").is_dir() else args.data
    results = [evaluate(folder / name, args.misses, args.rule) for name in FILES]
    for res in results:
        print(json.dumps(res))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
