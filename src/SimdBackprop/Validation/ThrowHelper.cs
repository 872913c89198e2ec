using System.Diagnostics.CodeAnalysis;

namespace SimdBackprop.Validation;

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
