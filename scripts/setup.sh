#!/usr/bin/env bash
# Create .venv with a Python >= 3.11 and install mlquiz into it (with test tools when asked).
# Idempotent: reinstalls only when pyproject.toml changed. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || {
    echo "mlquiz needs Python 3.11 or newer (try: sudo apt-get install python3 python3-venv)" >&2
    exit 1
  }
  "$python" -m venv .venv || {
    echo "could not create a virtual environment (try: sudo apt-get install python3-venv)" >&2
    exit 1
  }
fi

stamp=".venv/.mlquiz-installed$extras"
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing mlquiz$extras into .venv ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
  echo "$want" > "$stamp"
fi
