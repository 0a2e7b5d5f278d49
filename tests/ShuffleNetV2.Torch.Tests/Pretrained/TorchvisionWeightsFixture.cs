using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>Fixtures/Pretrained/torchvision_weights.json: torchvision 0.14's entries, written by tools/make_registry_fixture.py.</summary>
internal static class TorchvisionWeightsFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pretrained", "torchvision_weights.json"))).RootElement);

    public static IReadOnlyList<JsonElement> Entries => Root.Value.GetProperty("entries").EnumerateArray().ToList();

    public static IReadOnlyList<string> Categories => Root.Value.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();

    public static JsonElement Entry(string name) => Entries.Single(e => e.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> Names => Entries.Select(e => new object[] { e.GetProperty("name").GetString()! });
}
