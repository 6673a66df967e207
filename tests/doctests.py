"""Run a module's docstring examples, and every submodule's when it is a package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType


def failed_examples(module: ModuleType) -> int:
    """How many examples fail in ``module`` (and, for a package, in each of its modules);
    ``doctest.testmod`` alone would look only at the package's ``__init__``."""
    modules = [module]
    if hasattr(module, "__path__"):
        modules += [importlib.import_module(info.name)
                    for info in pkgutil.walk_packages(module.__path__, module.__name__ + ".")]
    return sum(doctest.testmod(m).failed for m in modules)
