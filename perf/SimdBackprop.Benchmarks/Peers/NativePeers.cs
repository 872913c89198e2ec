using System.Runtime.InteropServices;

namespace SimdBackprop.Benchmarks.Peers;

/// <summary>
/// The native sgemm peers from Debian's packages (install: <c>apt-get install libopenblas0-serial libdnnl2</c>),
/// loaded at their best single-threaded settings. This machine presets OPENBLAS_CORETYPE=Haswell and
/// OPENBLAS_L2_SIZE=512, which hold OpenBLAS to half-speed AVX2 kernels; OpenBLAS reads them with getenv
/// when it loads, so they are changed in the native environment (setenv, not Environment.SetEnvironmentVariable,
/// whose changes native code does not see) before the library is loaded.
/// </summary>
internal static unsafe partial class NativePeers
{
    private const string OpenBlasPath = "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0";
    private const string OneDnnPath = "/usr/lib/x86_64-linux-gnu/libdnnl.so.2";

    private static readonly Lazy<(IntPtr Sgemm, string? Missing)> OpenBlas = new(() => Load(OpenBlasPath, "cblas_sgemm", "libopenblas0-serial"));
    private static readonly Lazy<(IntPtr Sgemm, string? Missing)> OneDnn = new(() => Load(OneDnnPath, "dnnl_sgemm", "libdnnl2"));

    /// <summary>Why OpenBLAS cannot run here, or null when it can.</summary>
    public static string? OpenBlasMissing => OpenBlas.Value.Missing;

    /// <summary>Why oneDNN cannot run here, or null when it can.</summary>
    public static string? OneDnnMissing => OneDnn.Value.Missing;

    /// <summary>Row-major C = α·op(A)·op(B) + β·C through cblas_sgemm.</summary>
    public static void OpenBlasSgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        const int rowMajor = 101, noTrans = 111, trans = 112;
        var sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)OpenBlas.Value.Sgemm;
        sgemm(rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>Row-major C = α·op(A)·op(B) + β·C through dnnl_sgemm (oneDNN's sgemm is row-major).</summary>
    public static void OneDnnSgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        var sgemm = (delegate* unmanaged<sbyte, sbyte, long, long, long, float, float*, long, float*, long, float, float*, long, int>)OneDnn.Value.Sgemm;
        int status = sgemm((sbyte)(transA ? 'T' : 'N'), (sbyte)(transB ? 'T' : 'N'), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (status != 0)
        {
            throw new InvalidOperationException($"dnnl_sgemm returned status {status}");
        }
    }

    private static (IntPtr, string?) Load(string path, string symbol, string package)
    {
        // One thread for every native peer; OpenBLAS at its own autodetected best (SkylakeX-class kernels on AVX-512).
        SetNative("OPENBLAS_NUM_THREADS", "1");
        SetNative("OMP_NUM_THREADS", "1");
        UnsetNative("OPENBLAS_CORETYPE");
        UnsetNative("OPENBLAS_L2_SIZE");
        if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out IntPtr handle))
        {
            return (IntPtr.Zero, $"{path} not found: apt-get install {package}");
        }

        return NativeLibrary.TryGetExport(handle, symbol, out IntPtr export) ? (export, null) : (IntPtr.Zero, $"{symbol} missing in {path}");
    }

    private static void SetNative(string name, string value)
    {
        _ = setenv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }

    private static void UnsetNative(string name)
    {
        _ = unsetenv(name);
        Environment.SetEnvironmentVariable(name, null);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);
}
