#!/usr/bin/env bash
# Set everything up and run every check CI runs: lint, types, architecture, bank, tests.
# Extra arguments go to pytest (e.g. scripts/test.sh -k practice).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

step() { printf '\n==> %s\n' "$*"; }
step "ruff"
.venv/bin/ruff check src tests bench
step "mypy (strict on the pure cores)"
.venv/bin/mypy
step "import-linter"
.venv/bin/lint-imports
step "mlquiz validate (shipped bank)"
.venv/bin/mlquiz validate
step "pytest"
.venv/bin/python -m pytest "$@"
