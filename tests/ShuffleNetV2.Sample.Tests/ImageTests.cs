using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using TorchImaging;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// classify with the committed 10-class checkpoint and JPEG. Weights that are none of torchvision's have no class names
/// unless --labels gives them: labels are null in JSON, empty in CSV and "class N" in the text and Markdown tables.
/// </summary>
public sealed class ImageTests
{
    [Fact]
    public void Run_ImageJson_TopFiveOfTheCheckpointAsTheLibraryComputesThem()
    {
        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        root.GetProperty("image").GetString().Should().Be(Fixtures.Image);
        root.GetProperty("weights").GetString().Should().Be(Fixtures.TinyWeights);
        root.GetProperty("engine").GetString().Should().Be("torchsharp");
        root.GetProperty("classes").GetInt32().Should().Be(Fixtures.TinyClasses);

        var top = Top(root);
        var expected = LibraryTopK(5);
        top.Select(p => p.Index).Should().Equal(expected.Select(p => p.Index));
        top.Select(p => p.Probability).Should().Equal(expected.Select(p => p.Probability), (a, b) => Math.Abs(a - b) < 1e-6f);
        top.Should().OnlyContain(p => p.Label == null);
    }

    [Fact]
    public void Run_ImageWithOnnxEngine_SameTopKAsTorchSharp()
    {
        var torchSharp = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--top", "10", "--format", "json");
        var onnx = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--top", "10", "--format", "json", "--engine", "onnx");

        onnx.ExitCode.Should().Be(0, onnx.ToString());
        using var a = JsonDocument.Parse(torchSharp.Stdout);
        using var b = JsonDocument.Parse(onnx.Stdout);
        b.RootElement.GetProperty("engine").GetString().Should().Be("onnx");
        var expected = Top(a.RootElement);
        var actual = Top(b.RootElement);
        actual.Select(p => p.Index).Should().Equal(expected.Select(p => p.Index));
        actual.Select(p => p.Probability).Should().Equal(expected.Select(p => p.Probability), (x, y) => Math.Abs(x - y) < 1e-5f);
    }

    [Fact]
    public void Run_ImageTable_ShowsPathsAndClassNumbersForUnnamedClasses()
    {
        var expected = LibraryTopK(3);

        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--top", "3");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[0].Should().Be("image:   " + Fixtures.Image);
        run.Lines[1].Should().Be("weights: " + Fixtures.TinyWeights);
        run.Lines[2].Should().Be("input:   resize 256, centre crop 224");
        run.Lines[3].Should().Be("engine:  torchsharp, 10 classes");
        run.Lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("rank", "index", "probability", "label");
        for (var i = 0; i < 3; i++)
        {
            run.Lines[6 + i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Should().Equal($"{i + 1}", $"{expected[i].Index}", $"{expected[i].Probability * 100:0.00}%", "class", $"{expected[i].Index}");
        }
    }

    [Fact]
    public void Run_ImageCsv_ReadsBackWithEmptyLabels()
    {
        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--format", "csv", "--top", "4");

        run.ExitCode.Should().Be(0, run.ToString());
        var table = Csv.Read(run.Stdout);
        table[0].Should().Equal("rank", "index", "probability", "label");
        table.Skip(1).Select(r => r[0]).Should().Equal("1", "2", "3", "4");
        table.Skip(1).Select(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(LibraryTopK(4).Select(p => p.Index));
        table.Skip(1).Should().OnlyContain(r => r[3].Length == 0);
    }

    [Fact]
    public void Run_ImageMarkdown_HasTheTable()
    {
        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--format", "markdown", "--top", "2");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines.Should().Contain("| rank | index | probability | label |");
        run.Lines.Should().Contain("|---:|---:|---:|---|");
        run.Lines.Should().Contain(l => l.StartsWith("| 1 | ", StringComparison.Ordinal) && l.EndsWith(" | class " + LibraryTopK(1)[0].Index + " |", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ImageWithoutWeights_NoNamesForTheRandom1000ClassesAndAWarning()
    {
        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--width", "0.5", "--format", "json", "--top", "3");

        run.ExitCode.Should().Be(0, run.ToString());
        run.ErrorLines.Should().Equal("warning: no --weights or --pretrained: the model's weights are random, and so are these classes.");
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("weights").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("classes").GetInt32().Should().Be(1000);
        Top(json.RootElement).Should().HaveCount(3).And.OnlyContain(p => p.Label == null);
    }

    [Fact]
    public void Run_ImageWithoutWeightsWithLabels_NamesTheClassesWithTheFile()
    {
        using var directory = new TemporaryDirectory();
        var labels = directory.File("imagenet.txt");
        File.WriteAllLines(labels, ImageNetClasses.Names);

        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--width", "0.5", "--labels", labels, "--format", "json", "--top", "3");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Top(json.RootElement).Should().HaveCount(3).And.OnlyContain(p => p.Label == ImageNetClasses.Names[p.Index]);
    }

    [Fact]
    public void Run_ImageWithOutput_WritesTheFile()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("top.json");

        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--format", "json", "--output", path);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be($"Wrote {path}\n");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Top(json.RootElement).Should().HaveCount(5);
    }

    [Fact]
    public void Run_ImageWithThreads_RestoresTheThreadCount()
    {
        var run = SampleRun.Of("classify", "--image", Fixtures.Image, "--weights", Fixtures.TinyWeights, "--threads", (SampleRun.TorchThreads + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.ExitCode.Should().Be(0, run.ToString());
        get_num_threads().Should().Be(SampleRun.TorchThreads);
    }

    private static List<ClassPrediction> Top(JsonElement root) =>
        root.GetProperty("top").EnumerateArray()
            .Select(p => new ClassPrediction(p.GetProperty("index").GetInt32(), p.GetProperty("label").GetString(), p.GetProperty("probability").GetSingle()))
            .ToList();

    private static IReadOnlyList<ClassPrediction> LibraryTopK(int k)
    {
        using var model = ShuffleNetV2.FromWeights(Fixtures.TinyWeights);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Predictions.TopK(model.call(ImageNetPreprocessing.Load(Fixtures.Image)), k)[0];
    }
}
