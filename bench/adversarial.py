"""Worst-case inputs: seconds to classify 1 MB of hostile text, per input shape.

    python bench/adversarial.py [--size BYTES]

Every pattern is RE2 (linear time) and every detector is keyword-gated, so each input
should take a fraction of a second; a backtracking pattern would take minutes.
"""

from __future__ import annotations

import argparse
import json
import time

import tiergate

SHAPES = {
    "one char": "a",
    "digits": "9",
    "spaces": " ",
    "newlines": "\n",
    "dashes": "-",
    "dotted digits": "1.",
    "digit groups": "1234 ",
    "quotes": "\"'",
    "nested quotes": "\"'" * 50 + "x",
    "password=": "password=",
    "keyword soup": "secret token key password api_key ",
    "pem headers": "-----BEGIN ",
    "jwt prefix": "eyJ",
    "url scheme": "://",
    "at signs": "a@",
    "email-ish": "a.a.",
    "mixed unicode": "é日€😀",
    "brackets": "([{<",
    "base64": "QUJD",
    "labels": "Name: DOB: IBAN: SSN: ",
    "marking": "TOP SECRET//",
    "card-ish": "4242 4242 ",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1 << 20)
    args = ap.parse_args()
    tiergate.classify("warm up")
    results = {}
    for name, unit in SHAPES.items():
        text = (unit * (args.size // len(unit) + 1))[: args.size]
        t0 = time.perf_counter()
        tiergate.classify(text)
        results[name] = round(time.perf_counter() - t0, 3)
    worst = max(results, key=results.__getitem__)
    print(json.dumps({"bytes": args.size, "seconds": results, "worst": [worst, results[worst]]}))


if __name__ == "__main__":
    main()
