"""The detect stage: find sensitive data in text (see :mod:`tiergate.detect.engine`)."""

from tiergate.detect.document import Document
from tiergate.detect.engine import Scanner
from tiergate.detect.registry import builtin_detectors
from tiergate.detect.rule import Detector, Rule

__all__ = ["Detector", "Document", "Rule", "Scanner", "builtin_detectors"]
