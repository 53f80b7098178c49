"""Reliability suite: `pytest --long` also raises the example counts of the database-bound fuzz tests."""

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--long", default=False):
        os.environ["CONGRESS_TEST_LONG"] = "1"


def examples(default: int, long: int = 1000) -> int:
    """Hypothesis examples for a test: `default` in the normal run, `long` under --long."""
    return long if os.environ.get("CONGRESS_TEST_LONG") else default
