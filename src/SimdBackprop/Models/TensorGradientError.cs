namespace SimdBackprop;

/// <summary>The worst disagreement between back-propagated and finite-difference gradients in one tensor.</summary>
/// <param name="Name">The tensor, e.g. <c>layers.0.weight</c>.</param>
/// <param name="Layer">Its layer.</param>
/// <param name="IsBias">true for b, false for θ.</param>
/// <param name="MaxRelativeError">max over elements of |analytic − numeric| / max(|analytic|, |numeric|, floor·G),
/// G the largest back-propagated gradient magnitude in the network.</param>
/// <param name="WorstIndex">Element index (within the tensor) where it occurs.</param>
/// <param name="Analytic">The back-propagated gradient there.</param>
/// <param name="Numeric">The central-difference estimate there.</param>
public readonly record struct TensorGradientError(string Name, int Layer, bool IsBias, double MaxRelativeError, int WorstIndex, double Analytic, double Numeric);
