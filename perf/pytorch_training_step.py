#!/usr/bin/env python3
"""One SGD training step of a 784-256-128-10 ReLU network (MSE loss) in PyTorch, on one thread.

The peer of SimdBackprop's TrainingStepBenchmarks: one step = zero_grad, forward, loss, backward, step.
Warm-up, then times each of many steps with perf_counter_ns; prints one JSON object (milliseconds).
Run it through the benchmark (TrainingStepBenchmarks runs it as a child process in GlobalSetup) or alone:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 perf/pytorch_training_step.py --batch 64
"""
import argparse
import json
import os
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=100, help="untimed steps first")
    parser.add_argument("--steps", type=int, default=500, help="timed steps (at least)")
    parser.add_argument("--min-seconds", type=float, default=1.0, help="keep timing steps at least this long")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    args = parser.parse_args()

    try:
        import torch
    except ImportError as error:
        print(json.dumps({"error": f"torch not importable ({error}): apt-get install python3-torch"}))
        return 2

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # He normal, as the C# side
            torch.nn.init.zeros_(layer.bias)
    loss_fn = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(args.batch, 784)
    t = torch.rand(args.batch, 10)

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), t)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()

    times_ns = []
    start = time.perf_counter_ns()
    while len(times_ns) < args.steps or time.perf_counter_ns() - start < args.min_seconds * 1e9:
        t0 = time.perf_counter_ns()
        step()
        times_ns.append(time.perf_counter_ns() - t0)

    print(json.dumps({
        "batch": args.batch,
        "steps": len(times_ns),
        "median_ms": statistics.median(times_ns) / 1e6,
        "best_ms": min(times_ns) / 1e6,
        "mean_ms": statistics.fmean(times_ns) / 1e6,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
