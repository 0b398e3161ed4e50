"""asyncio implementations of BENCH.md's workloads, one module per workload (run by ../child.py)."""
