#!/usr/bin/env bash
# Set everything up and start the mlquiz web app on http://127.0.0.1:8000.
# Extra arguments go to 'mlquiz serve' (e.g. --port 8080 --host 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/mlquiz serve "$@"
