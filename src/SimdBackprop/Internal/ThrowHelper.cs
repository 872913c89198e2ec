using System.Diagnostics.CodeAnalysis;

namespace SimdBackprop.Internal;

/// <summary>
/// Throw sites kept out of line so the validating entry points stay small enough to inline.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void Negative(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Must not be negative.");

    [DoesNotReturn]
    public static void NotPositive(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Must be positive.");

    [DoesNotReturn]
    public static void TooShort(string paramName, int actual, long required) =>
        throw new ArgumentException($"Span is too short: length {actual}, needs at least {required}.", paramName);

    [DoesNotReturn]
    public static void LengthMismatch(string paramName, int actual, int expected) =>
        throw new ArgumentException($"Length {actual} does not match the expected length {expected}.", paramName);

    [DoesNotReturn]
    public static void Overlap(string paramName, string otherName) =>
        throw new ArgumentException($"'{paramName}' must not overlap '{otherName}' (only exact in-place aliasing is allowed, where documented).", paramName);

    [DoesNotReturn]
    public static void NotFinite(string paramName, float value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Must be a finite number.");
}

/// <summary>Shared argument checks. Each throws an <see cref="ArgumentException"/> naming the parameter.</summary>
internal static class Check
{
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
