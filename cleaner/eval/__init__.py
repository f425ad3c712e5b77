"""Scoring cleaner against a benchmark's truth, beside trafilatura."""
