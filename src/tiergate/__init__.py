"""tiergate: classify, minimise and route data by risk tier before it reaches an AI API."""

from tiergate.classify import Classification
from tiergate.errors import ConfigError, InputError, PolicyError, TiergateError
from tiergate.findings import Category, Finding
from tiergate.pipeline import Engine, classify, redact
from tiergate.policy import Policy, load_policy

__all__ = [
    "Category",
    "Classification",
    "ConfigError",
    "Engine",
    "Finding",
    "InputError",
    "Policy",
    "PolicyError",
    "TiergateError",
    "classify",
    "load_policy",
    "redact",
]

__version__ = "0.1.0"
