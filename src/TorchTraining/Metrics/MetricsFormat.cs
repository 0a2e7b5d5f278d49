using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TorchTraining.Metrics;

/// <summary>The per-epoch metrics as text: metrics.csv (a header and one row per epoch) and metrics.jsonl (one JSON object per epoch).</summary>
public static class MetricsFormat
{
    /// <summary>The CSV header, in snake case, as the JSON names.</summary>
    public const string CsvHeader = "epoch,train_loss,train_top1,test_loss,test_top1,test_top5,ema_test_loss,ema_test_top1,ema_test_top5,learning_rate,images_per_second,train_seconds,seconds";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>metrics.csv: the header, then one row per record; numbers round-trip (invariant culture), null EMA values are empty.</summary>
    public static string ToCsv(IEnumerable<EpochRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in records)
        {
            text.AppendJoin(',', r.Epoch.ToString(CultureInfo.InvariantCulture), Number(r.TrainLoss), Number(r.TrainTop1), Number(r.TestLoss), Number(r.TestTop1), Number(r.TestTop5),
                Number(r.EmaTestLoss), Number(r.EmaTestTop1), Number(r.EmaTestTop5), Number(r.LearningRate), Number(r.ImagesPerSecond), Number(r.TrainSeconds), Number(r.Seconds)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>metrics.jsonl: one JSON object per record and line, with snake-case names (e.g. <c>test_top1</c>).</summary>
    public static string ToJsonLines(IEnumerable<EpochRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads what <see cref="ToJsonLines"/> wrote.</summary>
    /// <exception cref="JsonException">A line is not an epoch record.</exception>
    public static IReadOnlyList<EpochRecord> ParseJsonLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonSerializer.Deserialize<EpochRecord>(line, Json) ?? throw new JsonException($"Not an epoch record: {line}"))
            .ToArray();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
