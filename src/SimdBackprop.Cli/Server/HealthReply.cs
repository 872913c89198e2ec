using System.Text.Json.Serialization;

namespace SimdBackprop.Cli.Server;

/// <summary>The body of <c>GET /healthz</c>. <see cref="Status"/> is <c>ok</c>, or <c>degraded</c> while the
/// last reload failed (the previous model keeps serving; <see cref="LastReloadError"/> says why).</summary>
internal sealed record HealthReply(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("modelVersion")] long ModelVersion,
    [property: JsonPropertyName("inputSize")] int InputSize,
    [property: JsonPropertyName("outputSize")] int OutputSize,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("weights")] string Weights,
    [property: JsonPropertyName("lastReloadError")] string? LastReloadError);
