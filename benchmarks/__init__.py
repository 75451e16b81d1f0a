"""Measurements run on demand: the scale benchmarks (``python -m benchmarks.run``) and older single-question benchmarks."""
