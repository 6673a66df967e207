#!/usr/bin/env bash
# Re-execute the notebook series in place, on the seed corpus, deterministically, so that the
# committed notebooks hold the outputs nbval compares. Run it after any change that alters
# an output (parser, tables, plots, notebook text), then review `git diff notebooks/`.
#
# Usage: bash scripts/execute_notebooks.sh [notebooks/NN_name.ipynb ...]   (default: all)
# Uses $PYTHON (default: .venv/bin/python if it exists, else python3).
#
# - kernels are started from this Python (not whatever "python3" kernelspec is installed),
#   in the notebooks/ folder, with this checkout's `analysis` first on PYTHONPATH;
# - MPLBACKEND=Agg and a fixed PYTHONHASHSEED; no timing or papermill metadata is stored;
# - exits 1 if a stored output has a warning (stderr), an error, a <Figure ...> repr, a
#   memory address or an absolute path, or if the first code cell is not tagged `parameters`;
#   exits 2 (one line naming the notebook and cell) if a notebook fails.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
export MPLBACKEND=Agg PYTHONHASHSEED=0
"$PYTHON" -m analysis.report "$@"
