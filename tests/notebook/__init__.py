"""Tests of analysis.notebook: the helpers the notebooks call."""
