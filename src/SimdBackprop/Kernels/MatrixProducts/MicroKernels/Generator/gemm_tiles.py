#!/usr/bin/env python3
"""Writes the unrolled register tiles of the 32-register GEMM micro-kernels and their dispatch tables.

Each micro-kernel in KERNELS gets one file, GemmMicroKernel.<Struct>.g.cs beside this folder: the full
MR-row tile, the shorter tiles for a block's last rows, the tiles that read B unpacked (strided), the
tiles for the last, narrower column panel (masked AVX-512 stores) and the tiles that read A unpacked
(raw sums), plus the switch statements the GEMM driver calls (ShortTile, HasStridedBTile, StridedBTile,
EdgeTile, ReadsAInPlace, RowsOfATile). The hand-written half of each struct (sizes, vector operations)
is GemmMicroKernel.<Struct>.cs.

Regenerate from the repository root after changing a spec or the emitter (CI fails when the committed
files differ from what this writes):
    python3 src/SimdBackprop/Kernels/MatrixProducts/MicroKernels/Generator/gemm_tiles.py
"""
import os
import sys

COMMAND = "python3 src/SimdBackprop/Kernels/MatrixProducts/MicroKernels/Generator/gemm_tiles.py"

# struct name → vector type, MR, vectors per full row (NR = NV·lanes), short-tile rows, strided-B rows,
# edge-tile rows (each in a half-width and a full-width variant), raw-A rows.
KERNELS = {
    "V512": dict(vec="Vector512", mr=12, nv=2, short=[8, 4], strided=[12, 8, 4], edge=[12, 8, 4], raw_a=[12, 8, 4, 2, 1]),
    "V256Avx512": dict(vec="Vector256", mr=6, nv=4, short=[4, 2], strided=[6, 4, 2], edge=[6, 4, 2], raw_a=[6, 4, 2, 1]),
}

LANES = {"Vector512": 16, "Vector256": 8, "Vector128": 4}


def emit_tile(vec, mr, nv, name, astride, mode=""):
    """The lines of one unrolled tile method (MR rows × NV vectors); mode "", "strided", "edge:NRP" or "rawA"."""
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
        w(f"        /// ({mr} rows lda apart, contiguous along k), B̃ a packed kc×{nr} micro-panel; c rows ldc apart.</summary>")
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
        return o
    w(f"        /// <summary>One {mr}×{nr} tile: C = α·Ã·B̃ + β·C over kc steps of the packed micro-panels")
    w(f"        /// (Ã: kc×{astride}, first {mr} columns used; B̃: kc×{nr}; both k-major). β = 0: C is only written.</summary>")
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
        return o
    write_c("            ", lambda i: f"ref float r{i} = ref Unsafe.Add(ref c, {i} * ldc);",
            lambda i, j: f"{acc[i][j]}.StoreUnsafe(ref r{i}, {j * lanes});",
            lambda i, j: f"{vec}.FusedMultiplyAdd({vec}.LoadUnsafe(ref r{i}, {j * lanes}), betaV, {acc[i][j]}).StoreUnsafe(ref r{i}, {j * lanes});")
    w("        }")
    return o


def write_kernel(struct, vec, mr, nv, short, strided, edge, raw_a):
    """The text of GemmMicroKernel.<struct>.g.cs."""
    nr = nv * LANES[vec]
    o = []
    w = o.append

    def method(lines):
        if o and o[-1] != "":
            w("")
        o.extend(lines)

    def suffix(rows, full_name):
        return "" if rows == mr else full_name

    def dispatch(summary, signature, cases, default, fallthrough_return):
        """A switch over rows calling one tile per case."""
        method([f"        /// <summary>{summary}</summary>", f"        public static {signature}", "        {", "            switch (rows)", "            {"])
        for label, call in cases:
            w(f"                case {label}: {call}")
        w(f"                default: {default}")
        w("            }")
        if fallthrough_return:
            w("")
            w(f"            {fallthrough_return}")
        w("        }")

    args = "kc, ref aPanel, ref bPanel, ref c, ldc, alpha, beta"
    method(emit_tile(vec, mr, nv, "Tile", mr))

    # Short tiles: the last rows of a block, read from an A panel packed MR wide.
    for rows in short:
        method(emit_tile(vec, rows, nv, f"Tile{rows}", mr))
    dispatch(
        f"Tiles of {', '.join(map(str, short))} rows (the last rows of a block) straight into C.",
        "bool ShortTile(int rows, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)",
        [(r, f"Tile{r}({args}); return true;") for r in short], "return false;", None)

    # B read in place, rows ldb apart.
    for rows in strided:
        method(emit_tile(vec, rows, nv, f"TileStridedB{suffix(rows, rows)}", mr, "strided"))
    method([f"        /// <summary>Strided-B tiles for {', '.join(map(str, strided))} rows.</summary>",
            f"        public static bool HasStridedBTile(int rows) => rows is {' or '.join(map(str, strided))};"])
    sargs = "kc, ref aPanel, ref b, ldb, ref c, ldc, alpha, beta"
    dispatch(
        "The strided-B tile of <paramref name=\"rows\"/> rows (one HasStridedBTile accepted).",
        "void StridedBTile(int rows, nuint kc, ref float aPanel, ref float b, nuint ldb, ref float c, nuint ldc, float alpha, float beta)",
        [(r, f"TileStridedB{suffix(r, r)}({sargs}); break;") for r in strided[:-1]],
        f"TileStridedB{suffix(strided[-1], strided[-1])}({sargs}); break;", None)

    # The last, narrower column panel: half-width (NR/2 columns) and full-width tiles with masked stores.
    half = nr // 2
    edge_names = []
    for rows in edge:
        for vectors, cols in ((nv // 2, half), (nv, nr)):
            name = f"TileEdge{cols}" + ("" if rows == mr else f"Rows{rows}")
            edge_names.append((rows, cols == half, name))
            method(emit_tile(vec, rows, vectors, name, mr, f"edge:{nr}"))
    method([
        f"        /// <summary>The last column panel of a block, <paramref name=\"cols\"/> &lt; NR wide, for {', '.join(map(str, edge))} rows, straight into C with masked stores.</summary>",
        "        public static bool EdgeTile(int rows, int cols, nuint kc, ref float aPanel, ref float bPanel, ref float c, nuint ldc, float alpha, float beta)",
        "        {",
        "            switch (rows, cols <= NR / 2)",
        "            {"])
    for rows, narrow, name in edge_names:
        w(f"                case ({rows}, {'true' if narrow else 'false'}): {name}({args}, cols); break;")
    w("                default: return false;")
    w("            }")
    w("")
    w("            return true;")
    w("        }")

    # A read in place (the forward x·Wᵀ with W unpacked): raw sums row by row.
    for rows in raw_a:
        method(emit_tile(vec, rows, nv, f"TileRowsOfA{rows}", rows, "rawA"))
    method(["        public static bool ReadsAInPlace => true;"])
    rargs = "kc, ref a, lda, ref bPanel, ref c, ldc"
    dispatch(
        f"The raw-sum tile of <paramref name=\"rows\"/> ({', '.join(map(str, raw_a))}) rows of an A read in place.",
        "void RowsOfATile(int rows, nuint kc, ref float a, nuint lda, ref float bPanel, ref float c, nuint ldc)",
        [(r, f"TileRowsOfA{r}({rargs}); break;") for r in raw_a[:-1]],
        f"TileRowsOfA{raw_a[-1]}({rargs}); break;", None)

    header = [
        "// <auto-generated>",
        f"//   Written by {COMMAND}",
        "//   from its KERNELS table; edit the generator, not this file, and run it again.",
        "// </auto-generated>",
        "using System.Runtime.CompilerServices;",
        "using System.Runtime.Intrinsics;",
        "using System.Runtime.Intrinsics.X86;",
        "",
        "namespace SimdBackprop.Kernels.MatrixProducts.MicroKernels;",
        "",
        "internal static partial class GemmMicroKernel",
        "{",
        f"    /// <summary>The generated tiles of {struct} ({mr}×{nr}) and the dispatch over them.</summary>",
        f"    internal readonly partial struct {struct}",
        "    {",
    ]
    return "\n".join(header + o + ["    }", "}", ""])


if __name__ == "__main__":
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    for struct, spec in KERNELS.items():
        path = os.path.join(folder, f"GemmMicroKernel.{struct}.g.cs")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(write_kernel(struct, **spec))
        print(f"wrote {os.path.relpath(path)}", file=sys.stderr)
