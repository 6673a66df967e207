#!/usr/bin/env bash
# Create .venv (if missing) and install this checkout into it with the given extras,
# pinned by constraints.txt -- unless the environment is already current: the install is
# skipped while constraints.txt, pyproject.toml, the extras and this checkout's path are
# unchanged since the last install (a stamp in .venv). The package is installed editable,
# so edits to the code never need a reinstall.
# Usage: bash scripts/setup_venv.sh [EXTRAS]      e.g. bash scripts/setup_venv.sh test,dask
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
EXTRAS="${1:-}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
STAMP_FILE=.venv/.analysis-install-stamp
stamp="$( { cat constraints.txt pyproject.toml; echo "extras=$EXTRAS"; pwd; } | .venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
# One line per extras set installed (installing "." after ".[test]" keeps the test extras).
if [ -f "$STAMP_FILE" ] && grep -qx "$stamp" "$STAMP_FILE"; then
    exit 0
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$EXTRAS" ]; then TARGET=".[$EXTRAS]"; else TARGET="."; fi
# setuptools warns on every editable install that a folder named like the package may
# shadow it: that folder *is* the package here, so the warning says nothing.
PYTHONWARNINGS="ignore:Editable installation" \
    .venv/bin/python -m pip install --quiet -c constraints.txt -e "$TARGET"
echo "$stamp" >> "$STAMP_FILE"
