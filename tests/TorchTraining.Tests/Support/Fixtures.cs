using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace TorchTraining.Tests.Support;

/// <summary>The JSON fixtures made by tools/make_schedule_fixtures.py and tools/make_step_fixtures.py.</summary>
internal static class Fixtures
{
    public static JsonElement Read(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)));
        return document.RootElement.Clone();
    }

    public static float[] Floats(JsonElement array) => Flatten(array).Select(e => (float)e.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static System.Collections.Generic.IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];
}
