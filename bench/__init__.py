"""Benchmarks: a synthetic Ning network (generate.py) and the measurements (run.py).

See docs/benchmarks.md.
"""
