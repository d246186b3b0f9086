"""Reproducible benchmarks of the Heymarket client (issue 8). Run with ``make bench`` or ``make bench-smoke``."""
