#!/usr/bin/env bash
# Install everything into a fresh virtualenv and run the whole suite on SQLite and PostgreSQL.
# The suite starts its own throwaway PostgreSQL server (as the `postgres` user when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${CONGRESS_TEST_VENV:-.venv-test}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

echo "== ruff"
"$VENV/bin/ruff" check .
echo "== import boundaries"
"$VENV/bin/lint-imports"
echo "== tests (SQLite and PostgreSQL)"
# pytest exits 5 when it collects no test: set -e makes that a failure, as it must be.
"$VENV/bin/python" -m pytest -n "${CONGRESS_TEST_WORKERS:-2}" -p no:cacheprovider "$@"
