using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace TorchStats.Tests.Support;

/// <summary>Reads the fixtures copied next to the test assembly.</summary>
internal static class Fixtures
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>The Fixtures folder in the source tree (for regenerating golden files).</summary>
    public static string SourcePath(params string[] parts)
    {
        var project = typeof(Fixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;
        return System.IO.Path.Combine([project, "Fixtures", .. parts]);
    }

    public static IReadOnlyList<TorchstatRow> ReadTorchstatCsv(string path) =>
        File.ReadLines(path).Skip(1).Select(TorchstatRow.Parse).ToArray();

    /// <summary>The parts of torchstat's printed report: table lines and the totals block (from the '=' line on).</summary>
    public static (IReadOnlyList<string> Table, IReadOnlyList<string> Totals) ReadTorchstatReport(string path)
    {
        var lines = File.ReadAllText(path).TrimEnd('\n').Split('\n');
        var separator = Array.FindIndex(lines, l => l.Length > 0 && l.All(c => c == '='));
        return (lines[..separator], lines[separator..]);
    }
}

/// <summary>One line of a torchstat CSV fixture (the columns of torchstat's table).</summary>
internal sealed record TorchstatRow(
    string Index, string Name, string InputShape, string OutputShape, long Params, string Memory, long MAdd, long Flops, long MemRead, long MemWrite, long MemReadWrite)
{
    public float MemoryValue => float.Parse(Memory, CultureInfo.InvariantCulture);

    public static TorchstatRow Parse(string line)
    {
        var c = line.Split(',');
        return new TorchstatRow(c[0], c[1], c[2], c[3], long.Parse(c[4], CultureInfo.InvariantCulture), c[5], long.Parse(c[6], CultureInfo.InvariantCulture),
            long.Parse(c[7], CultureInfo.InvariantCulture), long.Parse(c[8], CultureInfo.InvariantCulture), long.Parse(c[9], CultureInfo.InvariantCulture), long.Parse(c[11], CultureInfo.InvariantCulture));
    }
}
