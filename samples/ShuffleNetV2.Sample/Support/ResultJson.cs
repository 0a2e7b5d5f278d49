using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShuffleNet.Torch.Sample;

/// <summary>How train and evaluate write their one-line JSON result: readable text, a NaN loss as "NaN" (as metrics.jsonl writes it).</summary>
internal static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
