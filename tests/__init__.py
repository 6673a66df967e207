"""The test suite; its folders mirror the package (``tests/extract/`` tests ``analysis/extract/``).

A package, so test files in different folders may share a basename and helpers are imported
by their full name (``from tests.cli_helpers import run_cli``, ``from tests.paths import ROOT``).
"""
