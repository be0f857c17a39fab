"""Benchmarks for cleaner: ``make bench`` runs ``python -m benchmarks.run``."""
