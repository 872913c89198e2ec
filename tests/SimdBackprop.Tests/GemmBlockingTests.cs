using SimdBackprop.Kernels.MatrixProducts;

namespace SimdBackprop.Tests;

/// <summary>
/// The GEMM's block sizes derived from cache sizes. Expected values are the hand arithmetic of each rule
/// (see GemmBlocking): for the Zen 5 profile they are the sizes this GEMM was tuned with.
/// </summary>
public class GemmBlockingTests
{
    [Theory]
    [InlineData(12, 32, 1024, 240)] // 512-bit 12×32: A micro-panel 1024·12·4 B = 48 KiB = L1d; 240·1024·4 B = 960 KiB = 15/16 of L2
    [InlineData(6, 32, 1024, 240)]  // 256-bit 6×32 on AVX-512 hardware: 48 KiB / 24 B = 2048, capped at 1024
    public void ThirtyTwoRegisterTiles_Zen5(int mr, int nr, int kc, int mc)
    {
        var blocking = GemmBlocking.ThirtyTwoRegisters(mr, nr, CacheSizes.Zen5, GemmBlocking.MisalignedBRule.Pack, 0);
        Assert.Equal((kc, mc, 4096, 256), (blocking.KC, blocking.MC, blocking.NC, blocking.InPlaceMaxDepth));
        Assert.Equal(1L << 20, blocking.L2Bytes);
    }

    [Theory]
    [InlineData(6, 16, 384, 336)] // AVX2 6×16: B micro-panel 384·16·4 B = 24 KiB = L1d/2; 336·384·4 B = 504 KiB ≤ L2/2
    [InlineData(6, 8, 512, 252)]  // SSE 6×8: 24 KiB / 32 B = 768, capped at 512; 512 KiB / 2 KiB = 256 → 252
    [InlineData(4, 4, 512, 256)]  // scalar 4×4
    public void SixteenRegisterTiles_Zen5(int mr, int nr, int kc, int mc)
    {
        var blocking = GemmBlocking.SixteenRegisters(mr, nr, CacheSizes.Zen5);
        Assert.Equal((kc, mc, 4096), (blocking.KC, blocking.MC, blocking.NC));
        Assert.False(blocking.ReadsMisalignedBInPlace(1, 1));
    }

    [Fact]
    public void Zen3Profile_SmallerBlocks()
    {
        // AVX2 6×16: 16 KiB / 64 B = 256; 256 KiB / 1 KiB = 256 → 252 rows; NC 16 MiB / 1 KiB capped at 4096.
        var avx2 = GemmBlocking.SixteenRegisters(6, 16, CacheSizes.Zen3);
        Assert.Equal((256, 252, 4096), (avx2.KC, avx2.MC, avx2.NC));

        // 12×32 on a 32 KiB L1d: 32 KiB / 48 B = 682 → 640; 480 KiB / 2560 B = 192 rows; in-place depth 21 KiB / 128 B → 128.
        var wide = GemmBlocking.ThirtyTwoRegisters(12, 32, CacheSizes.Zen3, GemmBlocking.MisalignedBRule.ShallowOrFewRows, 192);
        Assert.Equal((640, 192, 128), (wide.KC, wide.MC, wide.InPlaceMaxDepth));
        Assert.True(wide.ReadsMisalignedBInPlace(1000, 128));
        Assert.False(wide.ReadsMisalignedBInPlace(1000, 129));
        Assert.True(wide.ReadsMisalignedBInPlace(192, 1024));
    }

    [Fact]
    public void MisalignedRules()
    {
        var both = GemmBlocking.ThirtyTwoRegisters(6, 32, CacheSizes.Zen5, GemmBlocking.MisalignedBRule.ShallowAndFewRows, 256);
        Assert.True(both.ReadsMisalignedBInPlace(256, 256));
        Assert.False(both.ReadsMisalignedBInPlace(257, 256));
        Assert.False(both.ReadsMisalignedBInPlace(256, 257));
    }

    [Fact]
    public void CacheSizes_Parse()
    {
        Assert.Equal((32L << 10, 512L << 10, 32L << 20), Sizes(CacheSizes.Parse("zen3")));
        Assert.Equal((48L << 10, 1L << 20, 32L << 20), Sizes(CacheSizes.Parse(" ZEN5 ")));
        Assert.Equal((49152L, 2L << 20, 0L), Sizes(CacheSizes.Parse("l1d=49152, l2=2M, l3=0")));
        Assert.Equal((32L << 10, 1L << 30, 64L << 20), Sizes(CacheSizes.Parse("L1D=32k,L2=1G,L3=64m")));
        foreach (string bad in new[] { "", "zen4", "l1d=32K,l2=512K", "l1d=0,l2=1M,l3=1M", "l1d=32K,l2=-1,l3=1M", "l1d=32Q,l2=1M,l3=1M", "l1d=32K,l2=1M,l3=1M,l4=1G", "l1d=99999999999999G,l2=1M,l3=1M" })
        {
            Assert.Throws<FormatException>(() => CacheSizes.Parse(bad));
        }

        static (long, long, long) Sizes(CacheSizes c) => (c.L1Data, c.L2, c.L3);
    }

    [Fact]
    public void CacheSizes_ReadsALinuxCacheDirectory()
    {
        string root = Directory.CreateTempSubdirectory("caches").FullName;
        try
        {
            Index(0, "1", "Data", "48K");
            Index(1, "1", "Instruction", "32K");
            Index(2, "2", "Unified", "1024K");
            Index(3, "3", "Unified", "32768K");
            CacheSizes? read = CacheSizes.ReadSysfs(root);
            Assert.NotNull(read);
            Assert.Equal((48L << 10, 1L << 20, 32L << 20), (read.L1Data, read.L2, read.L3));

            Directory.Delete(Path.Combine(root, "index2"), recursive: true);
            Assert.Null(CacheSizes.ReadSysfs(root)); // no L2: nothing trustworthy, the caller falls back
            Assert.Null(CacheSizes.ReadSysfs(Path.Combine(root, "missing")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        void Index(int i, string level, string type, string size)
        {
            string dir = Directory.CreateDirectory(Path.Combine(root, $"index{i}")).FullName;
            File.WriteAllText(Path.Combine(dir, "level"), level + "\n");
            File.WriteAllText(Path.Combine(dir, "type"), type + "\n");
            File.WriteAllText(Path.Combine(dir, "size"), size + "\n");
        }
    }
}
