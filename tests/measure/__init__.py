"""Tests of analysis.measure: rates, keyness, timeline and co-mention networks."""
