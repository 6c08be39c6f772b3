#!/usr/bin/env bash
# Set everything up and run every check CI runs: lint, types, architecture, the bank, and the
# test suite on SQLite and on PostgreSQL. Extra arguments go to pytest (e.g. -k practice).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
scripts/install-system-deps.sh

step() { printf '\n==> %s\n' "$*"; }
step "ruff"
.venv/bin/ruff check src tests bench
step "mypy (strict on the pure cores)"
.venv/bin/mypy
step "import-linter"
.venv/bin/lint-imports
step "mlquiz validate (shipped bank, coding questions run in the sandbox)"
.venv/bin/mlquiz validate
step "pytest on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest "$@"
step "pytest on PostgreSQL (web tests; skipped with a hint when no server is running)"
DATABASE_URL="${MLQUIZ_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/mlquiz_test}" \
  .venv/bin/python -m pytest tests/web "$@"
