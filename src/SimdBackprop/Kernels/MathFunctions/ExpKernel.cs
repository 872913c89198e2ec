using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// e^x in single precision, all arithmetic in float, one body per width. The runtime's
/// <c>Vector512.Exp(Vector512&lt;float&gt;)</c> (.NET 10) is an out-of-line call that widens each half to
/// <c>Vector512&lt;double&gt;</c>, runs a double polynomial and narrows back (vcvtps2pd/vcvtpd2ps in its
/// disassembly), which made every exp-based activation slower at 512 bits than at 256.
/// <para>
/// Method: x = n·ln2 + r with n = round(x·log₂e) (the 1.5·2²³ shifter trick: the rounded n sits in the low
/// mantissa bits of k = x·log₂e + 1.5·2²³), r = x − n·L1 − n·L2 (Cody–Waite: L1 = 0.693359375 has 9
/// significant bits, so n·L1 is exact for |n| ≤ 2¹⁵ and x − n·L1 is exact by Sterbenz; L2 = ln2 − L1),
/// |r| ≤ ln2/2. e^r ≈ 1 + (r + r²·q(r)), q of degree 4 fitted for minimax relative error on |r| ≤ ln2/2
/// (fit error 3e−9 ≈ 0.05 ulp; the rest is evaluation rounding). 2ⁿ is built by shifting k's integer bits
/// into the exponent field. Measured max error vs Math.Exp over a dense sweep of [−104, 89] (ExpKernelTests,
/// which asserts 1.5): 0.976 ulp with FMA (128/256/512), 0.969 ulp without (128-bit, DOTNET_EnableAVX2=0),
/// for normal results; denormal results within 0.75·2⁻¹⁴⁹.
/// </para>
/// <para>
/// Fast path: every lane has |x| ≤ 87.3, so n ∈ [−126, 126] and 2ⁿ is a normal float. Otherwise (rare:
/// overflow, underflow, ±∞, NaN; a well-predicted branch, inlined rather than called: a call in the element loop
/// made the JIT spill the input and the result to the stack around it on every iteration, since no vector register
/// survives a call on x64 Unix) <see cref="Wide(Vector512{float})"/> clamps x to [−104, 89] and applies 2ⁿ as
/// 2^⌊n/2⌋·2^(n−⌊n/2⌋): the first product is exact, the second rounds once, so results above 88.72 are +∞,
/// denormal results are the correctly rounded value of the polynomial (error ≤ 1 denormal ulp), below
/// −103.97 they are 0. ±∞ → +∞/0; NaN → NaN (the clamp's comparisons are false for NaN).
/// </para>
/// </summary>
internal static class ExpKernel
{
    private const float Log2E = 1.44269504f;

    private const float Shifter = 12582912f; // 1.5·2²³

    private const float Ln2Hi = 0.693359375f;

    private const float Ln2Lo = -2.12194440e-4f;

    // e^r − 1 − r ≈ r²·(C2 + r·(C3 + r·(C4 + r·(C5 + r·C6)))), |r| ≤ ln2/2 (own IRLS minimax fit, relative error).

    private const float C2 = 0.49999994f;

    private const float C3 = 0.16666521f;

    private const float C4 = 0.04166839f;

    private const float C5 = 0.008368745f;

    private const float C6 = 0.001381454f;

    private const float FastLimit = 87.3f;  // |x| ≤ this → n ∈ [−126, 126]

    private const float Upper = 89f;        // e^89 > float.MaxValue: clamped inputs still overflow to +∞

    private const float Lower = -104f;      // e^−104 < 2⁻¹⁵⁰: clamped inputs still underflow to 0

    private const int ShifterBits = 0x4B400000; // bits of 1.5·2²³: k's bits − this = n

    private const int ExponentBias = 127;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => MathF.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        if (!Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(FastLimit)))
        {
            return Wide(x);
        }

        Vector512<float> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Shifter));
        Vector512<float> p = Polynomial(x, k - Vector512.Create(Shifter));
        Vector512<int> scale = (k.AsInt32() << 23) + Vector512.Create(ExponentBias << 23);
        return p * scale.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(FastLimit)))
        {
            return Wide(x);
        }

        Vector256<float> k = MultiplyAdd.Invoke(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        Vector256<float> p = Polynomial(x, k - Vector256.Create(Shifter));
        Vector256<int> scale = (k.AsInt32() << 23) + Vector256.Create(ExponentBias << 23);
        return p * scale.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        if (!Vector128.LessThanOrEqualAll(Vector128.Abs(x), Vector128.Create(FastLimit)))
        {
            return Wide(x);
        }

        Vector128<float> k = MultiplyAdd.Invoke(x, Vector128.Create(Log2E), Vector128.Create(Shifter));
        Vector128<float> p = Polynomial(x, k - Vector128.Create(Shifter));
        Vector128<int> scale = (k.AsInt32() << 23) + Vector128.Create(ExponentBias << 23);
        return p * scale.AsSingle();
    }

    /// <summary>e^r, r = x − n·ln2, as 1 + (r + r²·q(r)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Polynomial(Vector512<float> x, Vector512<float> n)
    {
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(C6), r, Vector512.Create(C5));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(C4));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(C3));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(C2));
        return Vector512.FusedMultiplyAdd(q, r * r, r) + Vector512<float>.One;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Polynomial(Vector256<float> x, Vector256<float> n)
    {
        Vector256<float> r = MultiplyAdd.Invoke(n, Vector256.Create(-Ln2Hi), x);
        r = MultiplyAdd.Invoke(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> q = MultiplyAdd.Invoke(Vector256.Create(C6), r, Vector256.Create(C5));
        q = MultiplyAdd.Invoke(q, r, Vector256.Create(C4));
        q = MultiplyAdd.Invoke(q, r, Vector256.Create(C3));
        q = MultiplyAdd.Invoke(q, r, Vector256.Create(C2));
        return MultiplyAdd.Invoke(q, r * r, r) + Vector256<float>.One;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Polynomial(Vector128<float> x, Vector128<float> n)
    {
        Vector128<float> r = MultiplyAdd.Invoke(n, Vector128.Create(-Ln2Hi), x);
        r = MultiplyAdd.Invoke(n, Vector128.Create(-Ln2Lo), r);
        Vector128<float> q = MultiplyAdd.Invoke(Vector128.Create(C6), r, Vector128.Create(C5));
        q = MultiplyAdd.Invoke(q, r, Vector128.Create(C4));
        q = MultiplyAdd.Invoke(q, r, Vector128.Create(C3));
        q = MultiplyAdd.Invoke(q, r, Vector128.Create(C2));
        return MultiplyAdd.Invoke(q, r * r, r) + Vector128<float>.One;
    }

    /// <summary>The full-range path: clamp, then 2ⁿ in two normal halves so overflow and denormals round once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Wide(Vector512<float> x)
    {
        x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(Upper)), Vector512.Create(Upper), x);
        x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Lower)), Vector512.Create(Lower), x);
        Vector512<float> k = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Shifter));
        Vector512<float> p = Polynomial(x, k - Vector512.Create(Shifter));
        Vector512<int> n = k.AsInt32() - Vector512.Create(ShifterBits);
        Vector512<int> half = n >> 1;
        Vector512<int> bias = Vector512.Create(ExponentBias);
        Vector512<float> first = ((half + bias) << 23).AsSingle();
        Vector512<float> second = ((n - half + bias) << 23).AsSingle();
        return p * first * second; // NaN: p is NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Wide(Vector256<float> x)
    {
        x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Upper)), Vector256.Create(Upper), x);
        x = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Lower)), Vector256.Create(Lower), x);
        Vector256<float> k = MultiplyAdd.Invoke(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        Vector256<float> p = Polynomial(x, k - Vector256.Create(Shifter));
        Vector256<int> n = k.AsInt32() - Vector256.Create(ShifterBits);
        Vector256<int> half = n >> 1;
        Vector256<int> bias = Vector256.Create(ExponentBias);
        Vector256<float> first = ((half + bias) << 23).AsSingle();
        Vector256<float> second = ((n - half + bias) << 23).AsSingle();
        return p * first * second;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Wide(Vector128<float> x)
    {
        x = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(Upper)), Vector128.Create(Upper), x);
        x = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(Lower)), Vector128.Create(Lower), x);
        Vector128<float> k = MultiplyAdd.Invoke(x, Vector128.Create(Log2E), Vector128.Create(Shifter));
        Vector128<float> p = Polynomial(x, k - Vector128.Create(Shifter));
        Vector128<int> n = k.AsInt32() - Vector128.Create(ShifterBits);
        Vector128<int> half = n >> 1;
        Vector128<int> bias = Vector128.Create(ExponentBias);
        Vector128<float> first = ((half + bias) << 23).AsSingle();
        Vector128<float> second = ((n - half + bias) << 23).AsSingle();
        return p * first * second;
    }

}
