"""Presidio's speed on the PII sets, to run beside bench/pii_accuracy.py in the same session.

    PEER_PYTHON bench/pii_peer_speed.py [DATA_DIR] --model DIR

Run it with the Python of a separate environment that has presidio-analyzer and spaCy (it
does not import tiergate): e.g. `pip install presidio-analyzer==2.2.366 spacy==3.8.18` and a
spaCy model directory (`en_core_web_md`, as in the data folder's README). Measures
records/s as the README does: a 50-record warm-up, then the median of 3 passes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default="../shared/bench", type=Path)
    ap.add_argument("--model", required=True, help="path of a spaCy model directory")
    args = ap.parse_args()
    conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": args.model}]}
    nlp = NlpEngineProvider(nlp_configuration=conf).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    folder = args.data / "pii" if (args.data / "pii").is_dir() else args.data
    for name in ("presidio_synth_v2.jsonl", "wnut17_test.jsonl"):
        texts = [json.loads(line)["text"] for line in (folder / name).open(encoding="utf-8")]
        for t in texts[:50]:
            analyzer.analyze(t, language="en")
        passes = []
        for _ in range(3):
            t0 = time.perf_counter()
            for t in texts:
                analyzer.analyze(t, language="en")
            passes.append(time.perf_counter() - t0)
        secs = statistics.median(passes)
        chars = sum(len(t) for t in texts)
        print(
            json.dumps(
                {
                    "file": name,
                    "records/s": round(len(texts) / secs, 1),
                    "chars/s": round(chars / secs),
                }
            )
        )


if __name__ == "__main__":
    main()
