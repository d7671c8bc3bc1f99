"""The public library surface: a sorted __all__, and nothing else leaks."""

import tiergate


def test_all_is_sorted_and_complete() -> None:
    assert tiergate.__all__ == sorted(tiergate.__all__)
    public = {n for n in dir(tiergate) if not n.startswith("_")}
    modules = {
        "classify",  # function (module of the same name is shadowed on purpose)
        "redact",
    }
    submodules = {n for n in public if type(getattr(tiergate, n)).__name__ == "module"}
    assert public - submodules - set(tiergate.__all__) == set(), "public names not in __all__"
    assert modules <= set(tiergate.__all__)


def test_contract() -> None:
    c = tiergate.classify("hello")
    assert hasattr(c, "tier") and hasattr(c, "egress_tier") and hasattr(c, "reasons")
    assert hasattr(c, "findings") and callable(c.explain)
    assert tiergate.redact("hello") == "hello"
