using System.Diagnostics.CodeAnalysis;

namespace SimdBackprop.Validation;

/// <summary>Shared argument checks. Each throws an <see cref="ArgumentException"/> naming the parameter.</summary>
internal static class Check
{
    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is a named member of its
    /// enum. Compares with the members captured once (<see cref="EnumMembers{TEnum}"/>): <c>Enum.IsDefined</c>
    /// rebuilds its member table after a garbage collection has cleared the runtime's type cache, so on a hot
    /// path it allocates now and then.
    /// </summary>
    public static void Defined<TEnum>(TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        foreach (TEnum member in EnumMembers<TEnum>.All)
        {
            if (EqualityComparer<TEnum>.Default.Equals(member, value))
            {
                return;
            }
        }

        throw new ArgumentOutOfRangeException(paramName, value, $"Not a defined {typeof(TEnum).Name}.");
    }

    /// <summary>rows·columns of a row-major matrix, or an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="paramName"/> when it exceeds int.</summary>
    public static int Elements(int rows, int columns, string paramName)
    {
        long count = (long)rows * columns;
        if (count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, count, $"{rows} × {columns} elements exceed the largest span.");
        }

        return (int)count;
    }

    public static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            ThrowHelper.Negative(paramName, value);
        }
    }

    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            ThrowHelper.NotPositive(paramName, value);
        }
    }

    public static void Finite(float value, string paramName)
    {
        if (!float.IsFinite(value))
        {
            ThrowHelper.NotFinite(paramName, value);
        }
    }

    public static void AtLeast(int length, long required, string paramName)
    {
        if (length < required)
        {
            ThrowHelper.TooShort(paramName, length, required);
        }
    }

    public static void SameLength(int length, int expected, string paramName)
    {
        if (length != expected)
        {
            ThrowHelper.LengthMismatch(paramName, length, expected);
        }
    }

    /// <summary>A written span may be the very same memory as an input (in place) but must not partially overlap it.</summary>
    public static void NoPartialOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowHelper.Overlap(destinationName, inputName);
        }
    }

    /// <summary>A written span must not share any memory with an input.</summary>
    public static void NoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> destination, string inputName, string destinationName)
    {
        if (input.Overlaps(destination))
        {
            ThrowHelper.Overlap(destinationName, inputName);
        }
    }
}
