using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using TorchImaging;
using TorchTraining.Datasets;

namespace TorchTraining.Tests.Support;

/// <summary>
/// The committed fixtures: images, the Fashion-MNIST subset, tools/make_transform_fixtures.py's records and the JSON
/// of tools/make_schedule_fixtures.py and tools/make_step_fixtures.py.
/// </summary>
internal static class Fixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static readonly string FashionSubset = Path.Combine(Folder, "fashion-mnist-subset");

    private static readonly Lazy<JsonDocument> TransformsDocument = new(() =>
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, "transforms.json.gz")), CompressionMode.Decompress);
        return JsonDocument.Parse(gzip);
    });

    private static readonly Lazy<IdxDataset> FashionTestSet = new(() => IdxDataset.Open(FashionSubset, IdxSplit.Test));

    public static JsonElement Transforms => TransformsDocument.Value.RootElement;

    public static IdxDataset FashionTest => FashionTestSet.Value;

    /// <summary>The inputs the fixture script names: "fashion" is the subset's first test image.</summary>
    public static ByteImage Input(string name) => name switch
    {
        "fashion" => FashionTest.Get(0).Image,
        "gray_260x270" => ImageDecoder.Decode(Path.Combine(Folder, "gray_260x270.png"), ColorMode.Gray),
        _ => ImageDecoder.Decode(Path.Combine(Folder, name + ".png")),
    };

    public static IEnumerable<object[]> Cases(string section) =>
        Enumerable.Range(0, Transforms.GetProperty(section).GetArrayLength()).Select(i => new object[] { i });

    public static JsonElement Case(string section, int index) => Transforms.GetProperty(section)[index];

    /// <summary>An 8-bit image entry (height × width × channels).</summary>
    public static ByteImage Image(JsonElement entry)
    {
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return new ByteImage(shape[1], shape[0], shape[2], entry.GetProperty("data").GetBytesFromBase64());
    }

    /// <summary>A float32 entry (channels × height × width) and its shape.</summary>
    public static (float[] Values, long[] Shape) Floats(JsonElement entry)
    {
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var bytes = entry.GetProperty("data").GetBytesFromBase64();
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return (values, shape);
    }

    public static (double Min, double Max) Range(JsonElement pair) => (pair[0].GetDouble(), pair[1].GetDouble());

    /// <summary>Describes how two images differ, for assertion messages.</summary>
    public static string Difference(ByteImage actual, ByteImage expected)
    {
        if (actual.Width != expected.Width || actual.Height != expected.Height || actual.Channels != expected.Channels)
        {
            return $"shape {actual} instead of {expected}";
        }

        var differing = actual.Pixels.Zip(expected.Pixels).Count(p => p.First != p.Second);
        var largest = actual.Pixels.Zip(expected.Pixels).Select(p => Math.Abs(p.First - p.Second)).DefaultIfEmpty(0).Max();
        return $"{differing} of {actual.Pixels.Length} bytes differ (largest by {largest})";
    }

    public static JsonElement Read(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));
        return document.RootElement.Clone();
    }

    /// <summary>A JSON array of numbers, nested or not, flattened to float32.</summary>
    public static float[] FloatArray(JsonElement array) => Flatten(array).Select(e => (float)e.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];
}
