namespace SimdBackprop.Validation;

/// <summary>The named members of an enum, read once per process and held for good (see <see cref="Check.Defined"/>).</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal static class EnumMembers<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Every named member.</summary>
    public static readonly TEnum[] All = Enum.GetValues<TEnum>();
}
