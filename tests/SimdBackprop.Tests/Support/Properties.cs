using FsCheck;
using FsCheck.Fluent;
using SimdBackprop.Validation;

namespace SimdBackprop.Tests.Support;

/// <summary>FsCheck 3 glue: run a property inside a [Fact] (there is no FsCheck.Xunit here), throwing on the first counter-example.</summary>
internal static class Properties
{
    public static void Check<T>(Gen<T> generator, Action<T> property, int maxTest = 100)
    {
        Prop.ForAll(generator.ToArbitrary(), (T value) => property(value))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(maxTest));
    }

    /// <summary>Sizes that straddle every vector width's edges (0, 1, w−1, w, w+1, 2w+1 … for w = 4, 8, 16) plus any small size.</summary>
    public static Gen<int> EdgeSize(int max = 40) =>
        Gen.OneOf(
            Gen.Elements(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33).Where(n => n <= max),
            Gen.Choose(0, max));

    public static Gen<int> PositiveEdgeSize(int max = 40) => EdgeSize(max).Select(n => Math.Max(1, n));

    public static Gen<int> Seed => Gen.Choose(0, int.MaxValue);
}
