"""PII accuracy on ../shared/bench/pii (presidio_synth_v2 and wnut17_test), next to Presidio.

    python bench/pii_accuracy.py [DATA_DIR] [--peer presidio_md] [--variant default_t0]
                                 [--json OUT] [--errors N] [--label LABEL]

Scoring follows DATA_DIR/pii/README.md: evaluated labels are the dataset's gold labels minus
OTHER; a finding whose type the dataset lacks is out of scope (DATE_OF_BIRTH is scored as DATE
where the dataset has only DATE). Typed exact needs the same label and span; typed overlap
needs the same label and one shared character (not one-to-one); label-agnostic overlap asks
whether a gold span was caught at all. Micro pools the counts of every evaluated label. The
peer columns are read from DATA_DIR/pii/peers/scores_<peer>_<dataset>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tiergate
from tiergate.findings import SIGNAL_TYPES

DATASETS = ("presidio_synth_v2", "wnut17_test")
FOLD = {"DATE_OF_BIRTH": "DATE"}  # used only where the dataset lacks the finer label
# Presidio entity types as the data folder's README maps them (for --preds)
PRESIDIO = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "SSN",
    "US_ITIN": "NATIONAL_ID",
    "UK_NHS": "MEDICAL_ID",
    "US_PASSPORT": "PASSPORT",
    "US_DRIVER_LICENSE": "DRIVER_LICENSE",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "IP_ADDRESS": "IP_ADDRESS",
    "DATE_TIME": "DATE",
    "URL": "URL",
}
Predictor = Callable[[dict[str, Any], set[str]], tuple[list["Span"], list["Span"]]]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def split(found: list[Span], labels: set[str]) -> tuple[list[Span], list[Span]]:
    """(in scope, out of scope): spans whose label the dataset has, and the others."""
    spans, other = [], []
    for s in found:
        label = s.label
        if label not in labels and FOLD.get(label) in labels:
            label = FOLD[label]
        (spans if label in labels else other).append(Span(s.start, s.end, label))
    return spans, other


def tiergate_predict(row: dict[str, Any], labels: set[str]) -> tuple[list[Span], list[Span]]:
    """tiergate's findings (signal findings are regions, not values: skipped)."""
    found = tiergate.classify(row["text"]).findings
    return split(
        [Span(f.start, f.end, f.type) for f in found if f.type not in SIGNAL_TYPES], labels
    )


def file_predictor(path: Path, drop: set[str]) -> Predictor:
    """Presidio's raw predictions from a peers/preds_*.jsonl file (to check this scorer)."""
    by_id = {}
    for line in path.open(encoding="utf-8"):
        rec = json.loads(line)
        by_id[rec["id"]] = [
            Span(p["start"], p["end"], PRESIDIO.get(p["entity_type"], "OTHER"))
            for p in rec["preds"]
        ]

    def predict(row: dict[str, Any], labels: set[str]) -> tuple[list[Span], list[Span]]:
        return split([s for s in by_id[row["id"]] if s.label not in drop], labels)

    return predict


def evaluate(path: Path, predict: Predictor, errors: int, only: str | None) -> dict[str, Any]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    labels = {s["label"] for r in rows for s in r["spans"]}
    scored = sorted(labels - {"OTHER"})
    t0 = time.perf_counter()
    preds = [predict(r, labels) for r in rows]
    elapsed = time.perf_counter() - t0

    out_of_scope: Counter[str] = Counter()

    c: dict[str, Counter[str]] = defaultdict(Counter)
    agn = Counter[str]()
    misses: dict[str, list[str]] = defaultdict(list)
    for row, (pred, oos) in zip(rows, preds, strict=True):
        gold = [Span(s["start"], s["end"], s["label"]) for s in row["spans"]]
        text = row["text"]
        out_of_scope.update(p.label for p in oos)
        agn["oos_tp_p"] += sum(any(g.overlaps(p) for g in gold) for p in oos)
        agn["tp_r_all"] += sum(
            1 for g in gold if g.label != "OTHER" and any(p.overlaps(g) for p in oos + pred)
        )
        exact = {(g.start, g.end, g.label) for g in gold}
        for g in gold:
            if g.label == "OTHER":
                continue
            c[g.label]["gold"] += 1
            same = [p for p in pred if p.label == g.label and p.overlaps(g)]
            c[g.label]["tp_exact"] += any(p.start == g.start and p.end == g.end for p in same)
            c[g.label]["tp_overlap_r"] += bool(same)
            agn["gold"] += 1
            if not any(p.start == g.start and p.end == g.end for p in same):
                got = [f"{p.label}:{text[p.start : p.end]!r}" for p in pred if p.overlaps(g)]
                misses[g.label].append(f"FN {text[g.start : g.end]!r} got {got} | {text!r}")
        for p in pred:
            agn["pred"] += 1
            agn["tp_p"] += any(g.overlaps(p) for g in gold)
            if p.label == "OTHER":
                out_of_scope["OTHER"] += 1
                continue
            c[p.label]["pred"] += 1
            hit = (p.start, p.end, p.label) in exact
            c[p.label]["tp_exact_p"] += hit
            c[p.label]["tp_overlap_p"] += any(g.label == p.label and g.overlaps(p) for g in gold)
            if not hit:
                want = [f"{g.label}:{text[g.start : g.end]!r}" for g in gold if g.overlaps(p)]
                misses[p.label].append(f"FP {text[p.start : p.end]!r} gold {want} | {text!r}")

    per_label = {}
    tot, emitted = Counter[str](), Counter[str]()
    for label in scored:
        k = c[label]
        tot.update(k)
        if k["pred"]:
            emitted.update(k)
        per_label[label] = {
            "gold": k["gold"],
            "pred": k["pred"],
            "exact": prf(k["tp_exact_p"], k["pred"], k["tp_exact"], k["gold"]),
            "overlap": prf(k["tp_overlap_p"], k["pred"], k["tp_overlap_r"], k["gold"]),
        }
    all_pred = agn["pred"] + sum(n for k, n in out_of_scope.items() if k != "OTHER")
    if errors:
        for label in [only] if only else scored:
            print(f"\n--- {path.stem} {label}: first {errors} errors ---", file=sys.stderr)
            for line in misses[label][:errors]:
                print(line[:400], file=sys.stderr)
    return {
        "dataset": path.stem,
        "records": len(rows),
        "seconds": round(elapsed, 3),
        "records_per_s": round(len(rows) / elapsed, 1) if elapsed else 0.0,
        "per_label": per_label,
        "micro": {
            "gold": tot["gold"],
            "pred": tot["pred"],
            "exact": prf(tot["tp_exact_p"], tot["pred"], tot["tp_exact"], tot["gold"]),
            "overlap": prf(tot["tp_overlap_p"], tot["pred"], tot["tp_overlap_r"], tot["gold"]),
        },
        "micro_emitted_labels": {
            "labels": [label for label in scored if c[label]["pred"]],
            "gold": emitted["gold"],
            "pred": emitted["pred"],
            "exact": prf(
                emitted["tp_exact_p"], emitted["pred"], emitted["tp_exact"], emitted["gold"]
            ),
            "overlap": prf(
                emitted["tp_overlap_p"], emitted["pred"], emitted["tp_overlap_r"], emitted["gold"]
            ),
        },
        "label_agnostic_overlap": {
            **prf(agn["tp_p"] + agn["oos_tp_p"], all_pred, agn["tp_r_all"], agn["gold"]),
            "gold": agn["gold"],
            "pred": all_pred,
        },
        "label_agnostic_overlap_in_scope": {
            **prf(agn["tp_p"], agn["pred"], agn["tp_r_all"], agn["gold"]),
            "gold": agn["gold"],
            "pred": agn["pred"],
        },
        "out_of_scope_preds": dict(out_of_scope),
    }


def peer_scores(folder: Path, peer: str, variant: str, dataset: str) -> dict[str, Any]:
    path = folder / "peers" / f"scores_{peer}_{dataset}.json"
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return dict(data.get(variant) or next(iter(data.values())))


def _f(x: dict[str, float]) -> str:
    return f"{x['p']:.3f}/{x['r']:.3f}/{x['f1']:.3f}"


def report(res: dict[str, Any], peer: dict[str, Any], peer_name: str) -> None:
    print(f"\n{res['dataset']}: {res['records']} records, {res['records_per_s']:.0f} records/s")
    head = f"{'label':<15}{'gold':>6}{'pred':>6}  {'exact P/R/F1':<20}{'overlap P/R/F1':<20}"
    print(head + f"{peer_name + ' pred':>18}  {'exact F1':>8} {'ovl F1':>7}  {'Δ exact':>8}")
    peer_labels = peer.get("per_label", {})
    rows = [*res["per_label"].items(), ("micro", res["micro"])]
    for label, s in rows:
        q = peer.get("micro") if label == "micro" else peer_labels.get(label)
        line = (
            f"{label:<15}{s['gold']:>6}{s['pred']:>6}  {_f(s['exact']):<20}{_f(s['overlap']):<20}"
        )
        if q:
            delta = s["exact"]["f1"] - q["exact"]["f1"]
            line += f"{q['pred']:>18}  {q['exact']['f1']:>8.3f} {q['overlap']['f1']:>7.3f}"
            line += f"  {delta:>+8.3f}"
        print(line)
    em = res["micro_emitted_labels"]
    print(f"micro over emitted labels: exact {_f(em['exact'])}, overlap {_f(em['overlap'])}")
    for key in ("label_agnostic_overlap", "label_agnostic_overlap_in_scope"):
        s, q = res[key], peer.get(key)
        line = f"{key:<33}{_f(s):<20}"
        if q:
            line += f"{peer_name}: {_f(q)}"
        print(line)
    print(f"out of scope: {res['out_of_scope_preds'] or 'none'}")
    if peer.get("out_of_scope_preds"):
        print(f"{peer_name} out of scope: {peer['out_of_scope_preds']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("data", nargs="?", default="../shared/bench", type=Path)
    ap.add_argument("--peer", default="presidio_md", help="peers/scores_<PEER>_<dataset>.json")
    ap.add_argument("--variant", default="default_t0", help="key inside the peer's file")
    ap.add_argument("--dataset", choices=DATASETS, help="only this dataset")
    ap.add_argument("--errors", type=int, default=0, help="print N errors per label (stderr)")
    ap.add_argument("--label", help="with --errors: only this label")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--preds",
        metavar="PEER",
        help="score peers/preds_<PEER>_<dataset>.jsonl instead of tiergate (checks the scorer)",
    )
    ap.add_argument("--drop", default="ORGANIZATION", help="with --preds: labels to drop")
    args = ap.parse_args()
    folder = args.data / "pii" if (args.data / "pii").is_dir() else args.data
    tiergate.classify("warm-up: jane.doe@example.org +1 202 555 0143")  # build the engine
    results = []
    for name in [args.dataset] if args.dataset else DATASETS:
        predict: Predictor = tiergate_predict
        if args.preds:
            drop = set(filter(None, args.drop.split(",")))
            predict = file_predictor(folder / "peers" / f"preds_{args.preds}_{name}.jsonl", drop)
        res = evaluate(folder / f"{name}.jsonl", predict, args.errors, args.label)
        peer = peer_scores(folder, args.peer, args.variant, name)
        report(res, peer, args.peer)
        results.append({**res, "peer": {"name": args.peer, "variant": args.variant, **peer}})
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
