#!/usr/bin/env python3
"""PyTorch peer of the SimdBackprop predictor latency benchmark.

One thread, inference mode, the same shapes and batch sizes; times every call with perf_counter_ns and
prints one JSON line per shape and batch: {"shape": "784-256-128-10", "batch": 1, "p50_us": ..., "p99_us": ...}.
Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (this machine presets them to values that slow
BLAS by up to 3x); the C# harness removes them from the child's environment.
Usage: pytorch_predict_latency.py SHAPE:BATCH:CALLS [...]   e.g. 784-256-128-10:1:100000
"""
import json
import os
import sys
import time

# One thread everywhere: PyTorch's intra-op pool and the BLAS's own (OpenBLAS pthread build) pool.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

try:
    import torch
except ImportError:
    print(json.dumps({"error": "torch is not installed (apt-get install python3-torch)"}))
    sys.exit(3)


def network(sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).eval()


def blas_library():
    """The BLAS shared library the process really loaded (Debian's torch links the libblas.so.3 alternative:
    netlib's reference BLAS unless OpenBLAS is installed, which is 10-100x slower)."""
    torch.mm(torch.rand(8, 8), torch.rand(8, 8))
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(os.path.realpath(lib) for lib in libs)) or "unknown"


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library()}), flush=True)
    for spec in sys.argv[1:]:
        shape, batch, calls = spec.split(":")
        sizes = [int(s) for s in shape.split("-")]
        batch, calls = int(batch), int(calls)
        model = network(sizes)
        x = torch.rand(batch, sizes[0]) * 2 - 1
        times = [0] * calls
        with torch.inference_mode():
            for _ in range(max(200, calls // 5)):  # warm-up
                model(x)
            clock = time.perf_counter_ns
            for i in range(calls):
                t0 = clock()
                model(x)
                times[i] = clock() - t0
        times.sort()
        print(json.dumps({
            "shape": shape, "batch": batch, "calls": calls,
            "p50_us": percentile(times, 0.50) / 1000.0,
            "p99_us": percentile(times, 0.99) / 1000.0,
            "mean_us": sum(times) / calls / 1000.0,
        }), flush=True)


if __name__ == "__main__":
    main()
