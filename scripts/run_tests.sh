#!/usr/bin/env bash
# Set up a virtual environment (.venv) with the test extras and run the whole test suite:
# the unit tests (tests/) and the executed notebooks compared by nbval (notebooks/).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test,dask]"
export MPLBACKEND=Agg
.venv/bin/python -m pytest --nbval --nbval-current-env \
    --nbval-sanitize-with notebooks/nbval_sanitize.cfg tests notebooks "$@"
