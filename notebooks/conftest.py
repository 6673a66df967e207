"""nbval: notebook kernels import this checkout's ``analysis`` package, installed or not.

pytest loads this file before it starts the kernels of the notebooks in this folder; the
kernels inherit the environment, so they see the repository on ``PYTHONPATH``.
"""

import os
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if _ROOT not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([_ROOT] + _paths)
os.environ.setdefault("MPLBACKEND", "Agg")
