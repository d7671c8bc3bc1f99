"""Detector declarations, one module per family. Every module here is loaded by
:func:`tiergate.detect.registry.builtin_detectors`: declare ``RULES`` or ``DETECTORS``."""
