"""End-to-end tests of the command line (``python -m analysis``, analysis.cli), run in subprocesses:
outputs, bad input, output-folder safety, data files."""
