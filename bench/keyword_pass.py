"""The keyword pass alone: ahocorasick-rs (what tiergate uses) against pyahocorasick.

    python bench/keyword_pass.py [--out DIR] [--repeat N]

Both automata get the engine's real word list (every detector's keywords and context words)
and scan the same ASCII-lowercased stdlib corpus (see throughput.py), reporting every
occurrence, overlapping ones included. pyahocorasick comes from the `bench` extra.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import ahocorasick

from throughput import best_of, stdlib_corpus
from tiergate.detect.keywords import KeywordIndex
from tiergate.pipeline import Engine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=Path(__file__).parent / "out", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    words = Engine().scanner._index.words
    low = stdlib_corpus(args.out / "stdlib.txt").read_bytes().lower()
    index = KeywordIndex(words)
    py = ahocorasick.Automaton()
    for w in words:
        key = w.encode("utf-8").decode("latin-1")
        py.add_word(key, len(key))
    py.make_automaton()
    text = low.decode("latin-1")
    n_rs = sum(len(v) for v in index.find(low).values())
    n_py = sum(1 for _ in py.iter(text))
    t_rs = best_of(args.repeat, lambda: index.find(low))
    t_py = best_of(args.repeat, lambda: [end - n + 1 for end, n in py.iter(text)])
    mb = len(low) / 1e6
    print(
        json.dumps(
            {
                "words": len(words),
                "bytes": len(low),
                "ahocorasick_rs": {
                    "hits": n_rs,
                    "seconds": round(t_rs, 3),
                    "MB/s": round(mb / t_rs, 1),
                },
                "pyahocorasick": {
                    "hits": n_py,
                    "seconds": round(t_py, 3),
                    "MB/s": round(mb / t_py, 1),
                },
                "speedup": round(t_py / t_rs, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
