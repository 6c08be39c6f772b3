#!/usr/bin/env bash
# Install what the code-grader sandbox needs on a Debian 12 host.  Idempotent.
#
# Why each piece (see docs/grading.md, "The sandbox"):
#   bubblewrap      builds the worker's filesystem view (read-only root, stdlib + NumPy only)
#   python3.11      the sandbox interpreter: Debian's, world-readable, outside /root
#   util-linux      setpriv, used to drop from root to the sandbox user with cgroups joined
#   NumPy tree      a read-only copy of NumPy in /opt/mlquiz-sandbox, the only third-party
#                   package the sandbox can see (bound at /sandbox/site inside it)
#   sandbox user    an unprivileged host user: RLIMIT_NPROC is ignored for uid 0
#
# Environment knobs:
#   MLQUIZ_SANDBOX_ROOT     install prefix               (default /opt/mlquiz-sandbox)
#   MLQUIZ_SANDBOX_USER     unprivileged user to create  (default mlquiz-sandbox)
#   MLQUIZ_SANDBOX_NUMPY    NumPy version for the sandbox (default: the version importable
#                           by $PYTHON, else 2.4.6)
#   PYTHON                  Python used to run pip       (default: ./.venv/bin/python, else
#                           Debian's python3 with python3-pip)
set -euo pipefail

ROOT="${MLQUIZ_SANDBOX_ROOT:-/opt/mlquiz-sandbox}"
SBUSER="${MLQUIZ_SANDBOX_USER:-mlquiz-sandbox}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf 'install-sandbox-deps: %s\n' "$*" >&2; }

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        log "not root: cannot $1; run this script as root (or: sudo $0)"
        return 1
    fi
}

# --- Debian packages ----------------------------------------------------------------------
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
[ -x /usr/bin/python3.11 ] || missing+=(python3.11)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
    need_root "apt-get install ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    log "bubblewrap, python3.11 and setpriv present"
fi

# --- the unprivileged sandbox user ---------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    if ! getent passwd "$SBUSER" >/dev/null; then
        log "creating system user $SBUSER"
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin --user-group "$SBUSER"
    else
        log "user $SBUSER present"
    fi
fi

# --- the read-only NumPy tree --------------------------------------------------------------
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$HERE/.venv/bin/python" ]; then
        PYTHON="$HERE/.venv/bin/python"
    else
        PYTHON=/usr/bin/python3.11
    fi
fi
if [ -z "${MLQUIZ_SANDBOX_NUMPY:-}" ]; then
    MLQUIZ_SANDBOX_NUMPY="$("$PYTHON" -c 'import numpy; print(numpy.__version__)' 2>/dev/null \
        || echo 2.4.6)"
fi
target="$ROOT/numpy-$MLQUIZ_SANDBOX_NUMPY"
if [ -f "$target/.complete" ]; then
    log "NumPy $MLQUIZ_SANDBOX_NUMPY present in $target"
else
    need_root "write $ROOT" || [ -w "$(dirname "$ROOT")" ]
    if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
        log "no pip for $PYTHON; installing python3-pip"
        need_root "apt-get install python3-pip"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip
        PYTHON=/usr/bin/python3.11
    fi
    log "installing NumPy $MLQUIZ_SANDBOX_NUMPY into $target"
    tmp="$(mktemp -d "$ROOT.tmp.XXXXXX" 2>/dev/null || { mkdir -p "$ROOT"; mktemp -d "$ROOT/.tmp.XXXXXX"; })"
    # A cp311 manylinux wheel: it matches Debian's python3.11 whatever interpreter runs pip.
    # --target never touches the interpreter's own site-packages; the env var lets Debian's
    # pip (PEP 668) accept it, and older pips ignore it.
    PIP_BREAK_SYSTEM_PACKAGES=1 "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps --no-compile \
        --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
        --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 \
        --platform manylinux_2_17_x86_64 \
        --target "$tmp" "numpy==$MLQUIZ_SANDBOX_NUMPY"
    rm -rf "$tmp/bin"
    # Byte-compile with the sandbox's own interpreter: the tree is read-only inside the
    # sandbox, so without .pyc files every cold worker would recompile NumPy.
    /usr/bin/python3.11 -m compileall -q -j 0 "$tmp" >/dev/null || true
    mkdir -p "$ROOT"
    rm -rf "$target"
    mv "$tmp" "$target"
    touch "$target/.complete"
fi
mkdir -p "$ROOT"
ln -sfn "numpy-$MLQUIZ_SANDBOX_NUMPY" "$ROOT/numpy-site"
# Read-only for everyone but root: the sandbox user must read it and never write it.
chown -R root:root "$ROOT" 2>/dev/null || true
chmod -R a+rX,go-w "$ROOT"
chmod 755 "$ROOT"

# --- kernel features -----------------------------------------------------------------------
if ! unshare -Ur true 2>/dev/null; then
    log "WARNING: unprivileged user namespaces are disabled; enable them with"
    log "  sysctl -w user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1"
    log "  on kernels that have it)"
fi
log "done; check with: python -c 'from mlquiz.grading.code.sandbox import check_capabilities;"
log "  print(check_capabilities())'"
