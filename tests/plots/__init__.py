"""Tests of analysis.plots: every chart draws on real tables."""
