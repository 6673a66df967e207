#!/usr/bin/env bash
# Set up a virtual environment (.venv) with the test extras and run the whole test suite:
# the architecture contract (import-linter, [tool.importlinter] in pyproject.toml), the unit
# tests (tests/), the docstring examples (analysis/, --doctest-modules) and the executed
# notebooks compared by nbval (notebooks/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh test,dask  # installs only when constraints.txt or pyproject.toml changed
export MPLBACKEND=Agg
.venv/bin/lint-imports --no-cache
# The docstring examples run on their own: with --doctest-modules over tests/ and
# notebooks/ pytest would import their two conftest.py files under one name.
.venv/bin/python -m pytest --doctest-modules analysis "$@"
.venv/bin/python -m pytest --nbval --nbval-current-env \
    --nbval-sanitize-with notebooks/nbval_sanitize.cfg tests notebooks "$@"
