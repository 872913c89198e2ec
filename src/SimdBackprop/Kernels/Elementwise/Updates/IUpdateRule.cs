using System.Runtime.Intrinsics;

namespace SimdBackprop.Kernels.Elementwise.Updates;

/// <summary>
/// One optimizer's update of a parameter θ from its gradient g and up to two state values (m, v), at each
/// width. Unlike element-wise operators an update is not idempotent, so <see cref="UpdateDriver"/> finishes
/// the tail in scalar code instead of re-doing an overlapping vector.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>Whether the rule reads and writes the first state span (momentum velocity, Adam's m).</summary>
    bool UsesFirstState { get; }

    /// <summary>Whether the rule reads and writes the second state span (Adam's v).</summary>
    bool UsesSecondState { get; }

    void Update(ref float theta, float g, ref float m, ref float v);

    void Update(ref Vector128<float> theta, Vector128<float> g, ref Vector128<float> m, ref Vector128<float> v);

    void Update(ref Vector256<float> theta, Vector256<float> g, ref Vector256<float> m, ref Vector256<float> v);

    void Update(ref Vector512<float> theta, Vector512<float> g, ref Vector512<float> m, ref Vector512<float> v);
}
