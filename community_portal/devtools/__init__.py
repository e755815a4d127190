"""Development tools: the demo content and its loader (``load_demo``) and the benchmark
data generator (``bench_generate``).

The top layer: it may import every app. It is installed by the local, test and bench
settings only, never by production (``community_portal/settings/base.py`` lacks it).
"""
