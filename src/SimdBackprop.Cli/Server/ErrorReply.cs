using System.Text.Json.Serialization;

namespace SimdBackprop.Cli.Server;

/// <summary>The body of every 4xx reply: <c>{"error": "…"}</c>.</summary>
internal sealed record ErrorReply([property: JsonPropertyName("error")] string Error);
