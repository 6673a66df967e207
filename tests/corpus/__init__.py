"""Tests of analysis.corpus: reading a folder into documents, paragraphs and sentences."""
