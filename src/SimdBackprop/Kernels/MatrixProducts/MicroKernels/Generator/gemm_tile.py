#!/usr/bin/env python3
"""Writes the unrolled Tile method of a register-blocked GEMM micro-kernel (MR rows x NV vectors).

Re-run everything (every method listed in GENERATED, rewritten in place) from the repository root:
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py --all

Re-run from the repository root after changing a tile shape:
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py Vector256 6 4 > /tmp/tile.cs
and paste the output over the Tile method of the micro-kernel struct (GemmMicroKernel.V256Wide.cs).
Arguments: the vector type, MR (rows of the tile), NV (vectors per row; NR = NV * lanes), and optionally
the method name and the A panel's row stride (default: Tile and MR). A short-tile variant for the last rows
of a block reads a panel packed MR wide but computes fewer rows, e.g. the 8-row tile of the 512-bit kernel:
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py Vector512 8 2 Tile8 12
A sixth argument "strided" reads B unpacked, rows ldb apart (an extra nuint ldb parameter after bPanel):
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py Vector512 12 2 TileStridedB 12 strided
A sixth argument "edge:NRP" writes the tile for the last, narrower column panel: it reads the first NV
vectors of each row of a B panel packed NRP wide (zero beyond the matrix) and writes only the first
`cols` columns of C (an extra int cols parameter; masked AVX-512 loads and stores, so nothing past the
edge of C is read or written):
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py Vector512 12 1 TileEdge16 12 edge:32
A sixth argument "rawA" reads A unpacked, MR rows lda apart and contiguous along k (an extra nuint lda
parameter after a), and stores the raw sums Ã·B̃ row by row into c (no α, β: the caller writes them on):
    python3 src/SimdBackprop/Kernels/Generator/gemm_tile.py Vector512 12 2 TileRowsOfA 12 rawA
"""
import os
import re
import subprocess
import sys

# Every generated method: file (under src/SimdBackprop/Kernels), then the generator's arguments.
GENERATED = [
    ("GemmMicroKernel.V512.cs", "Vector512 12 2 Tile 12"),
    ("GemmMicroKernel.V512.cs", "Vector512 8 2 Tile8 12"),
    ("GemmMicroKernel.V512.cs", "Vector512 4 2 Tile4 12"),
    ("GemmMicroKernel.V512.cs", "Vector512 12 2 TileStridedB 12 strided"),
    ("GemmMicroKernel.V512.cs", "Vector512 8 2 TileStridedB8 12 strided"),
    ("GemmMicroKernel.V512.cs", "Vector512 4 2 TileStridedB4 12 strided"),
    ("GemmMicroKernel.V512.cs", "Vector512 12 1 TileEdge16 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 12 2 TileEdge32 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 8 1 TileEdge16Rows8 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 8 2 TileEdge32Rows8 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 4 1 TileEdge16Rows4 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 4 2 TileEdge32Rows4 12 edge:32"),
    ("GemmMicroKernel.V512.cs", "Vector512 12 2 TileRowsOfA12 12 rawA"),
    ("GemmMicroKernel.V512.cs", "Vector512 8 2 TileRowsOfA8 8 rawA"),
    ("GemmMicroKernel.V512.cs", "Vector512 4 2 TileRowsOfA4 4 rawA"),
    ("GemmMicroKernel.V512.cs", "Vector512 2 2 TileRowsOfA2 2 rawA"),
    ("GemmMicroKernel.V512.cs", "Vector512 1 2 TileRowsOfA1 1 rawA"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 6 4 Tile 6"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 4 4 Tile4 6"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 2 4 Tile2 6"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 6 4 TileStridedB 6 strided"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 4 4 TileStridedB4 6 strided"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 2 4 TileStridedB2 6 strided"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 6 2 TileEdge16 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 6 4 TileEdge32 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 4 2 TileEdge16Rows4 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 4 4 TileEdge32Rows4 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 2 2 TileEdge16Rows2 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 2 4 TileEdge32Rows2 6 edge:32"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 6 4 TileRowsOfA6 6 rawA"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 4 4 TileRowsOfA4 4 rawA"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 2 4 TileRowsOfA2 2 rawA"),
    ("GemmMicroKernel.V256Wide.cs", "Vector256 1 4 TileRowsOfA1 1 rawA"),
]

if sys.argv[1:] == ["--all"]:
    # Rewrites each listed method (from its doc comment to its closing brace) with fresh output.
    kernels = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    for file, arguments in GENERATED:
        path = os.path.join(kernels, file)
        text = open(path, encoding="utf-8").read()
        name = arguments.split()[3]
        fresh = subprocess.run([sys.executable, __file__] + arguments.split(), capture_output=True, text=True, check=True).stdout
        pattern = re.compile(r"        /// <summary>One [^\n]*\n(?:        ///[^\n]*\n)*        \[MethodImpl\(MethodImplOptions.AggressiveOptimization\)\]\n        public static (?:unsafe )?void " + name + r"\(.*?\n        }\n", re.S)
        found = pattern.search(text)
        if not found:
            sys.exit(f"{file}: method {name} not found")
        text = text[:found.start()] + fresh.rstrip("\n") + "\n" + text[found.end():]
        open(path, "w", encoding="utf-8").write(text)
    sys.exit(0)

vec, mr, nv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
name = sys.argv[4] if len(sys.argv) > 4 else "Tile"
astride = int(sys.argv[5]) if len(sys.argv) > 5 else mr
mode = sys.argv[6] if len(sys.argv) > 6 else ""
strided = mode == "strided"
edge = mode.startswith("edge:")
raw_a = mode == "rawA"
bstep = int(mode[5:]) if edge else None
lanes = {"Vector512": 16, "Vector256": 8, "Vector128": 4}[vec]
nr = nv * lanes
acc = [[f"c{i}_{j}" for j in range(nv)] for i in range(mr)]
o = []
w = o.append


def write_c(indent, row, store, update):
    """C = sums (β = 0: C only written) or β·C + sums: `row(i)` names row i of C, `store`/`update(i, j)` write vector j."""
    for head, prelude, write in (("if (beta == 0)", None, store), ("else", f"{vec}<float> betaV = {vec}.Create(beta);", update)):
        w(f"{indent}{head}")
        w(f"{indent}{{")
        if prelude:
            w(f"{indent}    {prelude}")
        for i in range(mr):
            w(f"{indent}    {row(i)}")
            for j in range(nv):
                w(f"{indent}    {write(i, j)}")
        w(f"{indent}}}")

def declare_accumulators():
    """The register budget comment and the MR×NV accumulators, zeroed."""
    w(f"            // {mr * nv} accumulators + {nv} B vectors + 1 broadcast of A = {mr * nv + nv + 1} registers.")
    for row in acc:
        w(f"            {vec}<float> " + ", ".join(f"{x} = default" for x in row) + ";")


def k_step(indent, a_value):
    """One k step: NV vectors of B's row, then each of the MR values of A (`a_value(i)`) broadcast into NV FMAs."""
    for j in range(nv):
        w(f"{indent}{vec}<float> b{j} = {vec}.LoadUnsafe(ref b, {j * lanes});")
    for i in range(mr):
        w(f"{indent}{'' if i else vec + '<float> '}ai = {vec}.Create({a_value(i)});")
        for j in range(nv):
            w(f"{indent}{acc[i][j]} = {vec}.FusedMultiplyAdd(ai, b{j}, {acc[i][j]});")

if raw_a:
    w(f"        /// <summary>One {mr}×{nr} tile of raw sums: c[r, :] = Σ_p A[r, p]·B̃[p, :] over kc steps, A read in place")
    w(f"        /// ({mr} rows lda apart, contiguous along k), B̃ a packed kc×{nr} micro-panel; c rows ldc apart.")
    w("        /// Generated by Generator/gemm_tile.py.</summary>")
    w("        [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
    w(f"        public static unsafe void {name}(nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)")
    w("        {")
    declare_accumulators()
    for i in range(1, mr):
        w(f"            nuint o{i} = {i} * lda;")
    w("            ref float b = ref bPanel;")
    w("            fixed (float* a0 = &a)")
    w("            {")
    w("                float* ap = a0;")
    w("                // Every 16 k steps (one 64-byte line of each row) ask for the line 32 steps ahead in")
    w("                // each row: the rows' lines are too many interleaved streams for the hardware prefetcher")
    w("                // when A (the weights) comes from L3.")
    w("                for (nuint p0 = 0; p0 < kc; p0 += 16)")
    w("                {")
    for i in range(mr):
        w(f"                    Sse.Prefetch0(ap + {'' if i == 0 else f'o{i} + '}32);")
    w("                    nuint end = Math.Min(kc, p0 + 16);")
    w("                    for (nuint p = p0; p < end; p++)")
    w("                    {")
    k_step("                        ", lambda i: f"ap[{'0' if i == 0 else f'o{i}'}]")
    w("                        ap++;")
    w(f"                        b = ref Unsafe.Add(ref b, {nr});")
    w("                    }")
    w("                }")
    w("            }")
    w("")
    for i in range(mr):
        w(f"            ref float r{i} = ref Unsafe.Add(ref c, {i} * ldc);")
        for j in range(nv):
            w(f"            {acc[i][j]}.StoreUnsafe(ref r{i}, {j * lanes});")
    w("        }")
    print("\n".join(o))
    sys.exit(0)
w(f"        /// <summary>One {mr}×{nr} tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels")
w(f"        /// (Ã: kc×{astride}, first {mr} columns used; B̃: kc×{nr}; both k-major). β = 0: C is only written.")
w("        /// Generated by Generator/gemm_tile.py.</summary>")
w("        [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
bparam = "ref float bPanel, nuint ldb, " if strided else "ref float bPanel, "
tail = ", int cols" if edge else ""
w(f"        public static {'unsafe ' if edge else ''}void {name}(nuint kc, ref float aPanel, {bparam}ref float c, nuint ldc, float alpha, float beta{tail})")
w("        {")
declare_accumulators()
w("            ref float a = ref aPanel;")
w("            ref float b = ref bPanel;")
w("            for (nuint p = 0; p < kc; p++)")
w("            {")
k_step("                ", lambda i: f"Unsafe.Add(ref a, {i})")
w(f"                a = ref Unsafe.Add(ref a, {astride});")
w(f"                b = ref Unsafe.Add(ref b, {'ldb' if strided else bstep if edge else nr});")
w("            }")
w("")
w("            if (alpha != 1)")
w("            {")
w(f"                // α = 1 (every call from the network) skips {mr * nv} multiplies on the FMA ports.")
w(f"                {vec}<float> alphaV = {vec}.Create(alpha);")
for row in acc:
    for x in row:
        w(f"                {x} *= alphaV;")
w("            }")
w("")
if edge:
    # Column masks: vector j keeps lanes j*lanes + l < cols (an all-false mask writes nothing).
    avx = {"Vector512": "Avx512F", "Vector256": "Avx512F.VL", "Vector128": "Avx512F.VL"}[vec]
    w(f"            {vec}<int> columns = {vec}.Create(cols);")
    for j in range(nv):
        w(f"            {vec}<float> m{j} = {vec}.LessThan({vec}<int>.Indices{f' + {vec}.Create({j * lanes})' if j else ''}, columns).AsSingle();")
    w("            fixed (float* c0 = &c)")
    w("            {")
    write_c("                ", lambda i: f"float* r{i} = c0 + ({i} * ldc);",
            lambda i, j: f"{avx}.MaskStore(r{i} + {j * lanes}, m{j}, {acc[i][j]});",
            lambda i, j: f"{avx}.MaskStore(r{i} + {j * lanes}, m{j}, {vec}.FusedMultiplyAdd({avx}.MaskLoad(r{i} + {j * lanes}, m{j}, {vec}<float>.Zero), betaV, {acc[i][j]}));")
    w("            }")
    w("        }")
    print("\n".join(o))
    sys.exit(0)
write_c("            ", lambda i: f"ref float r{i} = ref Unsafe.Add(ref c, {i} * ldc);",
        lambda i, j: f"{acc[i][j]}.StoreUnsafe(ref r{i}, {j * lanes});",
        lambda i, j: f"{vec}.FusedMultiplyAdd({vec}.LoadUnsafe(ref r{i}, {j * lanes}), betaV, {acc[i][j]}).StoreUnsafe(ref r{i}, {j * lanes});")
w("        }")
print("\n".join(o))
