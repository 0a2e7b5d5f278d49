using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TorchStats.Tests.Support;

/// <summary>One row of Fixtures/torchvision/&lt;model&gt;.csv (tools/make_torchvision_stat_fixtures.py): torchstat's rules on torchvision 0.14.</summary>
internal sealed record TorchVisionFixtureRow(
    string Name, string Type, string InputShape, string OutputShape, long Params, float Memory,
    long MAdd, long Flops, long MemRead, long MemWrite, long Macs, bool Counted, int Calls)
{
    public static IReadOnlyList<TorchVisionFixtureRow> Read(string model) =>
        File.ReadLines(Fixtures.Path("torchvision", model + ".csv")).Skip(1).Select(Parse).ToArray();

    private static TorchVisionFixtureRow Parse(string line)
    {
        var c = line.Split(',');
        long Long(int i) => long.Parse(c[i], CultureInfo.InvariantCulture);
        return new TorchVisionFixtureRow(c[0], c[1], c[2], c[3], Long(4), float.Parse(c[5], CultureInfo.InvariantCulture),
            Long(6), Long(7), Long(8), Long(9), Long(10), c[11] == "1", int.Parse(c[12], CultureInfo.InvariantCulture));
    }
}
