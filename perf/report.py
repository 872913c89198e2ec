#!/usr/bin/env python3
"""Turns a benchmark run's CSV reports into the Markdown tables of perf/README.md.

    python3 perf/report.py [BenchmarkDotNet.Artifacts/results ...] > table.md

Several results folders (runs of the same benchmarks, e.g. a full run and a repeat of some legs) are merged
row by row: for every (method, tier leg, shape or batch) the run with the lower median time is kept, for
SimdBackprop and every peer alike, so a stretch of machine noise in one run does not decide a ratio.

Reads SimdBackprop.Benchmarks.GemmPeerBenchmarks-report.csv and ...TrainingStepBenchmarks-report.csv (either may
be absent) and prints: the machine and date; GEMM peers at the default tier (GFLOP/s, SimdBackprop's % of peak);
SimdBackprop per tier (GFLOP/s and % of that tier's FMA peak); the training step against PyTorch.
"""
import csv
import datetime
import os
import sys

UNITS_MS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
TIERS = ["V512", "V256", "AVX2", "V128", "Scalar"]
PEERS = [("SimdBackpropGemm", "SimdBackprop"), ("OpenBLAS", "OpenBLAS"), ("OneDNN", "oneDNN"),
         ("MathNet", "MathNet (managed)"), ("TensorPrimitives", "TensorPrimitives.Dot")]


def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * UNITS_MS[unit]


def read(folders, name):
    """Rows of every folder's report, merged: per (Method, Job, Shape/Batch) the row with the lowest median."""
    best, paths = {}, []
    for results in folders:
        path = os.path.join(results, f"SimdBackprop.Benchmarks.{name}-report.csv")
        if not os.path.exists(path):
            continue
        paths.append(path)
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                key = (row.get("Method"), row.get("Job"), row.get("Shape"), row.get("Batch"))
                if cell(row, "Median") == "-":
                    best.setdefault(key, row)
                elif key not in best or cell(best[key], "Median") == "-" or ms(row["Median"]) < ms(best[key]["Median"]):
                    best[key] = row
    if not paths:
        return None, None
    return list(best.values()), max(paths, key=os.path.getmtime)


def machine(folders, name):
    """The environment lines BenchmarkDotNet writes at the top of its GitHub report (the first folder's)."""
    path = os.path.join(folders[0], f"SimdBackprop.Benchmarks.{name}-report-github.md")
    if not os.path.exists(path):
        return []
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```") and lines:
                break
            if line.strip() and not line.startswith("```"):
                lines.append(line.rstrip())
    return [l for l in lines if not l.lstrip().startswith(("V512", "V256", "AVX2", "V128", "Scalar"))]


LAYERS = [(784, 256), (256, 128), (1024, 1024)]
PRODUCTS = ["fwd", "dIn", "dW"]


def shape_key(name):
    """Squares by size, then batch, layer and product, as GemmPeerBenchmarks.Shapes() lists them."""
    try:
        kind, rest = name.split(" ", 1)
        if kind == "square":
            return (0, int(rest), 0, 0)
        batch, dims = rest.split(" ")
        numbers = tuple(int(d) for d in dims.replace("->", "x").split("x"))
        layer = next(i for i, l in enumerate(LAYERS) if sorted(l) == sorted(numbers))
        return (1, int(batch[1:]), layer, PRODUCTS.index(kind))
    except (ValueError, StopIteration):
        return (2, 0, 0, 0)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def cell(row, column):
    value = row.get(column, "-") if row else "-"
    return "-" if value in ("", "NA", "?") else value


def versus_faster_native(by, shape):
    """SimdBackprop's speed over the faster of OpenBLAS and oneDNN (ratio of median times; > 1 = we are faster)."""
    ours = by.get(("SimdBackpropGemm", "V512", shape))
    natives = [by.get((m, "V512", shape)) for m in ("OpenBLAS", "OneDNN")]
    natives = [ms(r["Median"]) for r in natives if r and cell(r, "Median") != "-"]
    if not ours or not natives:
        return "-"
    return f"{min(natives) / ms(ours['Median']):.2f}"


def main():
    folders = sys.argv[1:] or ["BenchmarkDotNet.Artifacts/results"]
    gemm, gemm_path = read(folders, "GemmPeerBenchmarks")
    train, train_path = read(folders, "TrainingStepBenchmarks")
    if gemm is None and train is None:
        sys.exit(f"no GemmPeerBenchmarks or TrainingStepBenchmarks CSV in {', '.join(folders)}")

    stamp = datetime.datetime.fromtimestamp(os.path.getmtime(gemm_path or train_path)).strftime("%Y-%m-%d %H:%M")
    runs = f"{len(folders)} runs merged (per method, leg and shape the lower median)" if len(folders) > 1 else "one run"
    print(f"Run of {stamp} (local time; {runs}), one thread, BenchmarkDotNet:\n")
    print("```")
    print("\n".join(machine(folders, "GemmPeerBenchmarks" if gemm else "TrainingStepBenchmarks")))
    print("```\n")

    if gemm:
        shapes = sorted(dict.fromkeys(r["Shape"] for r in gemm), key=shape_key)
        by = {(r["Method"], r["Job"], r["Shape"]): r for r in gemm}
        peak = next((cell(r, "Peak GFLOP/s") for r in gemm if r["Job"] == "V512"), "-")
        print(f"GEMM, GFLOP/s (from median times) at the default (512-bit) leg; FMA-probe peak ≈ {peak} GFLOP/s; "
              "'-' = not run (MathNet and the dot-product baseline stop at 2·512³ flops):\n")
        rows = []
        for s in shapes:
            ours = by.get(("SimdBackpropGemm", "V512", s))
            rows.append([s] + [cell(by.get((m, "V512", s)), "GFLOP/s") for m, _ in PEERS] + [cell(ours, "% of peak"),
                        versus_faster_native(by, s)])
        print(table(["shape"] + [label for _, label in PEERS] + ["ours % of peak", "ours ÷ faster native"], rows))
        print()

        bounded = [s for s in shapes if cell(by.get(("SimdBackpropGemm", "V512", s)), "% of bound") != "-"]
        if bounded:
            print("Batch 1, default leg: % of the bandwidth bound (streaming the weight-sized operand once at the best rate the "
                  "same process measured; reads for fwd and dIn, writes for the rank-1 dW), from the median iteration and "
                  "from the fastest one:\n")
            methods = ("SimdBackpropGemm", "OpenBLAS", "OneDNN")
            rows = [[s] + [cell(by.get((m, "V512", s)), col) for m in methods for col in ("% of bound", "% of bound, fastest")]
                    for s in bounded]
            print(table(["shape", "SimdBackprop median", "fastest", "OpenBLAS median", "fastest", "oneDNN median", "fastest"], rows))
            print()

        two = [s for s in shapes if ("SimdBackpropTwoThreads", "V512", s) in by]
        if two:
            print("Two threads (`degreeOfParallelism: 2`, default leg), GFLOP/s and speed-up over one thread (ratio of medians):\n")
            rows = []
            for s in two:
                one, pair = by.get(("SimdBackpropGemm", "V512", s)), by[("SimdBackpropTwoThreads", "V512", s)]
                speedup = f"{ms(one['Median']) / ms(pair['Median']):.2f}×" if one else "-"
                rows.append([s, cell(one, "GFLOP/s"), cell(pair, "GFLOP/s"), speedup])
            print(table(["shape", "1 thread", "2 threads", "speed-up"], rows))
            print()

        tiers = [t for t in TIERS if any(r["Job"] == t for r in gemm)]
        print("SimdBackprop per tier leg: GFLOP/s (% of that leg's FMA peak):\n")
        rows = []
        for s in shapes:
            row = [s]
            for t in tiers:
                r = by.get(("SimdBackpropGemm", t, s))
                row.append(f"{cell(r, 'GFLOP/s')} ({cell(r, '% of peak')}%)" if r else "-")
            rows.append(row)
        print(table(["shape"] + tiers, rows))
        print()

    if train:
        print("Training step, 784-256-128-10 ReLU, MSE, SGD (median ms; PyTorch 1 thread, in the same process):\n")
        rows = []
        for r in sorted(train, key=lambda r: (int(r["Batch"]), TIERS.index(r["Job"]) if r["Job"] in TIERS else 9)):
            rows.append([r["Batch"], r["Job"], f"{ms(r['Median']):.3f}", cell(r, "GFLOP/s"), cell(r, "% of peak"),
                         cell(r, "PyTorch ms"), cell(r, "PyTorch/ours")])
        print(table(["batch", "tier", "SimdBackprop ms", "GFLOP/s", "% of peak", "PyTorch ms", "PyTorch/ours"], rows))


if __name__ == "__main__":
    main()
