namespace SimdBackprop.Tests.Reference;

/// <summary>bfloat16 rounding computed independently of the library's bit trick: in double arithmetic, to 8
/// significant bits (7 below the leading one; subnormals at bf16's fixed quantum 2⁻¹³³), ties to even,
/// beyond bf16's largest finite value to ±∞.</summary>
public static class ReferenceBFloat16
{
    private const double MaxFinite = 3.3895313892515355e38; // (2 − 2⁻⁷)·2¹²⁷

    public static float Round(float value)
    {
        if (value == 0 || !float.IsFinite(value))
        {
            return value;
        }

        double v = value;
        int exponent = Math.Max(Math.ILogB(v), -126);
        double quantum = Math.ScaleB(1.0, exponent - 7);
        double rounded = Math.Round(v / quantum, MidpointRounding.ToEven) * quantum;
        if (Math.Abs(rounded) > MaxFinite)
        {
            return rounded > 0 ? float.PositiveInfinity : float.NegativeInfinity;
        }

        return (float)rounded;
    }
}
