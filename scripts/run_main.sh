#!/usr/bin/env bash
# Set up a virtual environment (.venv) and run the main job on the seed corpus:
# executes the notebook series and writes HTML, figures (PNG + SVG) and every table to build/.
# Usage: bash scripts/run_main.sh [CORPUS_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e .
export MPLBACKEND=Agg
.venv/bin/python -m analysis report --corpus "${1:-seeds}" --out "${2:-build}"
