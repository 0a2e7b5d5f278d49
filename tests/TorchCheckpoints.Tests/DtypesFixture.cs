using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests;

/// <summary>tools/make_checkpoint_fixtures.py's state dict: one tensor of each element type, as PyTorch saved it.</summary>
internal static class DtypesFixture
{
    public static string ZipPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "dtypes_zip.pth");

    public static string LegacyPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "dtypes_legacy.pth");

    public static IReadOnlyList<Expected> Entries { get; } = Load();

    public static IReadOnlyDictionary<string, long> ModuleVersions { get; } = new Dictionary<string, long> { [""] = 1, ["bn"] = 2 };

    /// <summary>The tensor's values widened to double (bool as 0/1), in row-major order.</summary>
    public static double[] Values(Tensor tensor)
    {
        // TorchSharp 0.107's data<T>().ToArray() throws on an empty tensor.
        if (tensor.NumberOfElements == 0)
        {
            return [];
        }

        using var scope = NewDisposeScope();
        return tensor.to(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    private static List<Expected> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dtypes.json")));
        return json.RootElement.GetProperty("entries").EnumerateArray().Select(e => new Expected(
            e.GetProperty("key").GetString()!,
            DType(e.GetProperty("dtype").GetString()!),
            e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            e.GetProperty("values").EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => v.GetDouble(),
            }).ToArray())).ToList();
    }

    private static ScalarType DType(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "float16" => ScalarType.Float16,
        "bfloat16" => ScalarType.BFloat16,
        "int64" => ScalarType.Int64,
        "int32" => ScalarType.Int32,
        "int16" => ScalarType.Int16,
        "int8" => ScalarType.Int8,
        "uint8" => ScalarType.Byte,
        "bool" => ScalarType.Bool,
        _ => throw new InvalidDataException($"Unknown dtype {name} in dtypes.json."),
    };

    public sealed record Expected(string Key, ScalarType DType, long[] Shape, double[] Values);
}
