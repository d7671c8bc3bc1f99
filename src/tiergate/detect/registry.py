"""Finds every detector declared in the :mod:`tiergate.rules` package.

A rules module declares ``RULES`` (a list of :class:`~tiergate.detect.rule.Rule`) and/or
``DETECTORS`` (other objects with the :class:`~tiergate.detect.rule.Detector` shape).
Adding a module is all it takes to add detectors: nothing else needs editing.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

import tiergate.rules
from tiergate.detect.rule import Detector


@functools.cache
def builtin_detectors() -> tuple[Detector, ...]:
    package = tiergate.rules
    found: list[Detector] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "RULES", ()))
        found.extend(getattr(module, "DETECTORS", ()))
    ids = [d.id for d in found]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RuntimeError(f"duplicate detector ids: {', '.join(dupes)}")
    return tuple(found)
