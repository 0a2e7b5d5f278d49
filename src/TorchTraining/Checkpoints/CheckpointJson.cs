using System.Text.Json;
using System.Text.Json.Serialization;

namespace TorchTraining.Checkpoints;

/// <summary>The JSON settings of checkpoint manifests (snake case, as metrics.jsonl; enums by name).</summary>
internal static class CheckpointJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };
}
