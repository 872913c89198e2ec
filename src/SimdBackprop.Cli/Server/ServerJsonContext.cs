using System.Text.Json.Serialization;

namespace SimdBackprop.Cli.Server;

/// <summary>System.Text.Json source generation for the server's fixed-shape replies: no reflection, so
/// trimming and NativeAOT keep them working. (Prediction bodies are read and written as streams of numbers
/// instead: see <see cref="JsonRows"/>.)</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorReply))]
[JsonSerializable(typeof(HealthReply))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
