using System.Runtime.CompilerServices;

namespace SimdBackprop.Kernels.MathFunctions;

/// <summary>
/// bfloat16: the upper 16 bits of a float32 (sign, the 8-bit exponent, 7 stored significand bits). Widening
/// is exact (a 16-bit shift); narrowing rounds to nearest, ties to even, so |bf16(v) − v| ≤ 2⁻⁸·|v| for every
/// finite v in range (unit roundoff of an 8-bit significand), and values beyond bf16's largest finite one
/// round to ±∞ as float32 overflow does. NaN stays NaN (made quiet, so no payload rounds into ∞).
/// </summary>
internal static class BFloat16
{
    /// <summary>The bits of <paramref name="value"/> rounded to bfloat16, nearest even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Round(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040); // quiet NaN: the payload's top bit set
        }

        uint lsb = (bits >> 16) & 1;
        return (ushort)((bits + 0x7FFF + lsb) >> 16);
    }

    /// <summary>The float32 a bfloat16 stands for (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Widen(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);
}
