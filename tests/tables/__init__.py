"""Tests of analysis.tables: building the tables (build, workers) and reading and writing them (io)."""
