#!/usr/bin/env bash
# Debian packages the full test suite uses: the code sandbox (bubblewrap and friends, see
# install-sandbox-deps.sh) and Debian's Chromium for the browser tests. Needs root; without it,
# says what is missing and carries on (the tests that need it skip outside CI).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  missing=""
  command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  if [ -n "$missing" ]; then
    echo "note: not root, so not installing:$missing (sudo scripts/install-system-deps.sh);" \
         "the tests that need them will skip" >&2
  fi
  exit 0
fi

if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core \
    || echo "warning: could not install chromium; browser tests will skip (fail under CI)" >&2
fi
scripts/install-sandbox-deps.sh || {
  echo "warning: sandbox dependencies failed to install; grading tests will skip" \
       "(fail under CI)" >&2
}
exit 0
