"""Tests of analysis.extract: actor mentions, framing terms, quotes and the per-document kernel."""
