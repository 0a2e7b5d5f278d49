using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TorchStats;

/// <summary>The whole report as JSON: input, column conventions, rows with full shapes, totals, unsupported types, modules that never ran.</summary>
public static class JsonFormatter
{
    /// <summary>Formats the report as indented JSON ("\n" line ends).</summary>
    /// <param name="report">The report.</param>
    /// <param name="rollupDepth">When set, a <c>rollup</c> property holds the groups at this depth.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    public static string Format(StatisticsReport report, int? rollupDepth = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", report.ModelName);
            json.WriteStartObject("input");
            Numbers(json, "shape", report.InputShape);
            json.WriteNumber("batchSize", report.BatchSize);
            json.WriteString("dtype", report.InputType);
            json.WriteString("device", report.Device);
            json.WriteEndObject();
            json.WriteStartArray("inputs");
            foreach (var input in report.Inputs)
            {
                json.WriteStartObject();
                Numbers(json, "shape", input.Shape);
                json.WriteString("dtype", input.Type);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("callCounting", ReportNotes.CallCountingText(report.CallCounting));

            json.WriteStartArray("columns");
            foreach (var column in StatisticsColumns.All)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Header);
                json.WriteString("scope", column.ScopeText);
                json.WriteBoolean("scalesWithBatch", column.ScalesWithBatch);
                json.WriteString("description", column.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("rows");
            for (var i = 0; i < report.Rows.Count; i++)
            {
                Row(json, report.Rows[i], i, report.DurationShares[i]);
            }

            json.WriteEndArray();
            Totals(json, report);
            json.WriteNumber("modelParameters", report.ModelParameters);

            json.WriteStartArray("unsupported");
            foreach (var type in report.UnsupportedTypes)
            {
                json.WriteStartObject();
                json.WriteString("type", type.TypeName);
                Strings(json, "modules", type.Modules);
                Strings(json, "reasons", type.Reasons);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("neverCalled");
            foreach (var row in report.NeverCalled)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                json.WriteString("type", row.TypeName);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Strings(json, "ignoredOnPurpose", report.IgnoredTypes);
            if (rollupDepth is { } depth)
            {
                Rollup(json, report, depth);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Row(Utf8JsonWriter json, LayerRow row, int index, double durationShare)
    {
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteString("name", row.Name);
        json.WriteString("type", row.TypeName);
        json.WriteString("status", ReportNotes.Status(row.Status));
        Numbers(json, "inputShape", row.InputShape);
        Numbers(json, "outputShape", row.OutputShape);
        json.WriteNumber("params", row.Parameters);
        json.WriteNumber("memoryMB", row.MemoryMB);
        json.WriteNumber("madd", row.MAdd);
        json.WriteNumber("flops", row.Flops);
        json.WriteNumber("memReadBytes", row.MemoryReadBytes);
        json.WriteNumber("memWriteBytes", row.MemoryWriteBytes);
        json.WriteNumber("memReadWriteBytes", row.MemoryReadWriteBytes);
        json.WriteNumber("macs", row.Macs);
        json.WriteNumber("durationMs", row.Duration.TotalMilliseconds);
        json.WriteNumber("durationShare", durationShare);
        json.WriteNumber("calls", row.Calls);
        if (row.CallIndex is { } call)
        {
            json.WriteNumber("call", call);
        }
        else
        {
            json.WriteNull("call");
        }

        if (row.Note is not null)
        {
            json.WriteString("note", row.Note);
        }

        json.WriteEndObject();
    }

    private static void Totals(Utf8JsonWriter json, StatisticsReport report)
    {
        var t = report.Totals;
        json.WriteStartObject("totals");
        json.WriteNumber("params", t.Parameters);
        json.WriteNumber("memoryMB", t.MemoryMB);
        json.WriteNumber("madd", t.MAdd);
        json.WriteNumber("flops", t.Flops);
        json.WriteNumber("memReadBytes", t.MemoryReadBytes);
        json.WriteNumber("memWriteBytes", t.MemoryWriteBytes);
        json.WriteNumber("memReadWriteBytes", t.MemoryReadWriteBytes);
        json.WriteNumber("macs", t.Macs);
        json.WriteNumber("durationMs", t.Duration.TotalMilliseconds);
        json.WriteString("callCounting", ReportNotes.CallCountingText(t.CallCounting));
        json.WriteStartObject("torchstat");
        json.WriteString("params", PythonFormat.Grouped(t.Parameters));
        json.WriteString("memory", PythonFormat.Fixed(t.MemoryMB, 2) + "MB");
        json.WriteString("madd", PythonFormat.RoundValue(t.MAdd) + "MAdd");
        json.WriteString("flops", PythonFormat.RoundValue(t.Flops) + "Flops");
        json.WriteString("memReadWrite", PythonFormat.RoundValue(t.MemoryReadWriteBytes, binary: true) + "B");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Rollup(Utf8JsonWriter json, StatisticsReport report, int depth)
    {
        json.WriteStartObject("rollup");
        json.WriteNumber("depth", depth);
        json.WriteStartArray("groups");
        foreach (var g in report.Rollup(depth))
        {
            json.WriteStartObject();
            json.WriteString("name", g.Name);
            json.WriteNumber("layers", g.Layers);
            json.WriteNumber("params", g.Parameters);
            json.WriteNumber("memoryMB", g.MemoryMB);
            json.WriteNumber("madd", g.MAdd);
            json.WriteNumber("flops", g.Flops);
            json.WriteNumber("memReadWriteBytes", g.MemoryReadWriteBytes);
            json.WriteNumber("macs", g.Macs);
            json.WriteNumber("paramsShare", g.ParameterShare);
            json.WriteNumber("maddShare", g.MAddShare);
            json.WriteNumber("flopsShare", g.FlopsShare);
            json.WriteNumber("memReadWriteShare", g.MemoryReadWriteShare);
            json.WriteNumber("macsShare", g.MacsShare);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<long> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values.ToArray())
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
