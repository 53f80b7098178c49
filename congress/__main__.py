"""`python -m congress` is the `congress` command."""

from congress.cli import run

run()
