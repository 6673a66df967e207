#!/usr/bin/env bash
# Set up a virtual environment (.venv) and run the main job on the seed corpus:
# executes the notebook series and writes HTML, figures (PNG + SVG) and every table to build/.
# Usage: bash scripts/run_main.sh [CORPUS_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh  # installs only when constraints.txt or pyproject.toml changed
export MPLBACKEND=Agg
.venv/bin/python -m analysis report --corpus "${1:-seeds}" --out "${2:-build}"
