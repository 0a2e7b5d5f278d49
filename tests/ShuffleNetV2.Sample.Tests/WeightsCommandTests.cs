using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Pretrained;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>weights: the registry as a table, or as JSON with exactly torchvision's fields per entry.</summary>
public sealed class WeightsCommandTests
{
    private static readonly string[] JsonFields =
    [
        "name", "url", "file_name", "sha256_prefix", "file_size_mb", "num_params", "gflops", "acc@1", "acc@5",
        "resize_size", "crop_size", "interpolation", "mean", "std", "min_size", "recipe", "categories",
    ];

    [Fact]
    public void Run_Weights_TableOfTheFourEntriesWithTheirTransforms()
    {
        var run = SampleRun.Of("weights");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        Cells(run.Lines[0]).Should().Equal("width", "name", "file", "MB", "params", "GFLOPS", "acc@1", "acc@5", "resize", "crop");
        var rows = run.Lines.Skip(1).Take(4).Select(Cells).ToList();
        rows.Select(r => r[1]).Should().Equal(ShuffleNetV2Weights.All.Select(e => e.Name));
        rows.Select(r => r[2]).Should().Equal(ShuffleNetV2Weights.All.Select(e => e.FileName));
        rows.Select(r => r[0]).Should().Equal("0.5x", "1.0x", "1.5x", "2.0x");
        rows.Select(r => r[4]).Should().Equal("1,366,792", "2,278,604", "3,503,624", "7,393,996");
        rows.Select(r => r[^2]).Should().Equal("256", "256", "232", "232");
        rows.Select(r => r[^1]).Should().OnlyContain(c => c == "224");
        run.Lines[5].Should().BeEmpty();
        run.Lines[6].Should().Be("Every entry: 1000 ImageNet categories, bilinear resize of the shorter side, then the centre crop, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).");
        run.Lines[7].Should().StartWith("Downloaded by classify --pretrained WIDTH into ");
    }

    [Fact]
    public void Run_WeightsJson_OneObjectPerEntryWithExactlyTheDocumentedFields()
    {
        var run = SampleRun.Of("weights", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var entries = json.RootElement.EnumerateArray().ToList();
        entries.Should().HaveCount(4);
        for (var i = 0; i < entries.Count; i++)
        {
            var (actual, expected) = (entries[i], ShuffleNetV2Weights.All[i]);
            actual.EnumerateObject().Select(p => p.Name).Should().Equal(JsonFields);
            actual.GetProperty("name").GetString().Should().Be(expected.Name);
            actual.GetProperty("url").GetString().Should().Be(expected.Url.ToString());
            actual.GetProperty("file_name").GetString().Should().Be(expected.FileName);
            actual.GetProperty("sha256_prefix").GetString().Should().Be(expected.Sha256Prefix);
            actual.GetProperty("file_size_mb").GetDouble().Should().Be(expected.FileSizeMB);
            actual.GetProperty("num_params").GetInt64().Should().Be(expected.NumParams);
            actual.GetProperty("gflops").GetDouble().Should().Be(expected.GFlops);
            actual.GetProperty("acc@1").GetDouble().Should().Be(expected.Acc1);
            actual.GetProperty("acc@5").GetDouble().Should().Be(expected.Acc5);
            actual.GetProperty("resize_size").GetInt32().Should().Be(expected.Transforms.ResizeSize);
            actual.GetProperty("crop_size").GetInt32().Should().Be(224);
            actual.GetProperty("interpolation").GetString().Should().Be("bilinear");
            actual.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(0.485f, 0.456f, 0.406f);
            actual.GetProperty("std").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(0.229f, 0.224f, 0.225f);
            actual.GetProperty("min_size").EnumerateArray().Select(v => v.GetInt32()).Should().Equal(1, 1);
            actual.GetProperty("recipe").GetString().Should().Be(expected.Recipe.ToString());
            actual.GetProperty("categories").EnumerateArray().Select(v => v.GetString()).Should().Equal(expected.Categories);
        }

        entries.Select(e => e.GetProperty("resize_size").GetInt32()).Should().Equal(256, 256, 232, 232);
        run.Stdout.Should().Contain("\"mean\": [\n      0.485,").And.Contain("\"acc@1\": 72.996,");
    }

    [Fact]
    public void Run_WeightsWithOutput_WritesTheFile()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("weights.json");

        var run = SampleRun.Of("weights", "--format", "json", "--output", path);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"Wrote {path}\n");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        json.RootElement.GetArrayLength().Should().Be(4);
    }

    [Theory]
    [InlineData("weights --format csv", "--format must be table or json, got 'csv'.")]
    [InlineData("weights --width 1.0", "Unrecognized command or argument '--width'.")]
    public void Run_WeightsBadArguments_OneErrorLineAndExitCode2(string args, string message)
    {
        var run = SampleRun.Of(args.Split(' '));

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal("error: " + message);
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
