"""Reproducible benchmarks of the Heymarket client. Run with ``make bench`` or ``make bench-smoke``."""
