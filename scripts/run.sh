#!/usr/bin/env bash
# Set everything up and start mlquiz. Extra arguments go to 'mlquiz practice'.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/mlquiz practice "$@"
