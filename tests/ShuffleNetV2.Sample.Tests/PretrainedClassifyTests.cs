using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using FluentAssertions;
using ShuffleNet.Torch.Classification;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Tests.Hub;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// classify with torchvision's weights: --pretrained from a pre-seeded cache folder, --weights URL from a server on
/// 127.0.0.1, files a registry entry identifies. Their transform (232 for 1.5× and 2.0×) and class names follow them;
/// other files get the default transform (256) and no names. Never the internet: the published files' hashes cannot
/// match the test's reproducible weights, so runs that use them say --no-verify.
/// </summary>
public sealed class PretrainedClassifyTests(ReproducibleCheckpoints checkpoints) : IClassFixture<ReproducibleCheckpoints>, IDisposable
{
    private const double ProbabilityTolerance = 1e-5;
    private readonly TemporaryDirectory _cache = new();
    private readonly TemporaryDirectory _files = new();
    private readonly LocalHttpServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _cache.Dispose();
        _files.Dispose();
    }

    [Theory]
    [InlineData("1.5", ShuffleNetV2Width.X1_5)]
    [InlineData("2.0", ShuffleNetV2Width.X2_0)]
    public void Run_PretrainedInTheCache_ClassifiesThroughResize232AsTorchvision(string width, ShuffleNetV2Width preset)
    {
        var entry = ShuffleNetV2Weights.Default(preset);
        var cached = Seed(entry, checkpoints.File(preset));

        var run = Classify("--pretrained", width, "--no-verify", "--cache-dir", _cache.Path, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("weights").GetString().Should().Be(cached);
        ShouldBeTorchvisions(json.RootElement, entry, preset);
    }

    [Fact]
    public void Run_PretrainedCachedFileFailsItsHashCheck_ExitCode1NamingTheFileAndTheUrl()
    {
        var entry = ShuffleNetV2Weights.X1_5_ImageNet1K_V1;
        var cached = Seed(entry, checkpoints.File(ShuffleNetV2Width.X1_5));

        var run = Classify("--pretrained", "1.5", "--cache-dir", _cache.Path);

        run.ExitCode.Should().Be(1, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: Cached file '{cached}' (from {entry.Url}) fails its hash check");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Run_WeightsFileNamedAsPublished_UsesItsEntrysTransformAndNames()
    {
        var entry = ShuffleNetV2Weights.X1_5_ImageNet1K_V1;
        var path = _files.File(entry.FileName);
        File.Copy(checkpoints.File(ShuffleNetV2Width.X1_5), path);

        var run = Classify("--weights", path, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().BeEmpty();
        using var json = JsonDocument.Parse(run.Stdout);
        ShouldBeTorchvisions(json.RootElement, entry, ShuffleNetV2Width.X1_5);
    }

    [Fact]
    public void Run_WeightsFileNamedAsPublishedButAnotherNetwork_WarnsAndUsesTheDefaultWithoutNames()
    {
        var path = _files.File(ShuffleNetV2Weights.X1_5_ImageNet1K_V1.FileName);
        File.Copy(Fixtures.TinyWeights, path);

        var run = Classify("--weights", path, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        run.ErrorLines.Should().Equal($"warning: '{path}' is named like ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1 but holds another network; "
            + "it is classified with the default transform and without class names.");
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("entry").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("resize").GetInt32().Should().Be(256);
        Top(json.RootElement).Should().OnlyContain(p => p.Label == null);
    }

    [Fact]
    public void Run_WeightsFileNoEntryIdentifies_DefaultTransformAndNoNamesFor1000Classes()
    {
        var run = Classify("--weights", checkpoints.File(ShuffleNetV2Width.X1_5), "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        root.GetProperty("entry").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("classes").GetInt32().Should().Be(1000);
        (root.GetProperty("resize").GetInt32(), root.GetProperty("crop").GetInt32()).Should().Be((256, 224));
        var top = Top(root);
        top.Should().OnlyContain(p => p.Label == null);
        var expected = ReproducibleCheckpoints.TorchvisionTop(ShuffleNetV2Width.X1_5, 5);
        top.Zip(expected, (a, b) => Math.Abs(a.Probability - b.Probability)).Max().Should().BeGreaterThan(100 * ProbabilityTolerance, "resize 256 is not how these weights are evaluated");
    }

    [Fact]
    public void Run_Resize232OnAFileNoEntryIdentifies_GivesTorchvisionsClassesWithoutNames()
    {
        var run = Classify("--weights", checkpoints.File(ShuffleNetV2Width.X1_5), "--resize", "232", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("resize").GetInt32().Should().Be(232);
        var top = Top(json.RootElement);
        top.Should().OnlyContain(p => p.Label == null);
        ShouldMatch(top, ReproducibleCheckpoints.TorchvisionTop(ShuffleNetV2Width.X1_5, 5));
    }

    [Fact]
    public void Run_ResizeAndCropGiven_ReplaceTheEntrysSizes()
    {
        var path = _files.File(ShuffleNetV2Weights.X1_5_ImageNet1K_V1.FileName);
        File.Copy(checkpoints.File(ShuffleNetV2Width.X1_5), path);

        var run = Classify("--weights", path, "--resize", "300", "--crop", "256");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Lines[2].Should().Be("input:   resize 300, centre crop 256 (model card: ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1, with --resize and --crop)");
    }

    [Fact]
    public void Run_LabelsFile_NamesTheClassesWithItsLines()
    {
        var labels = _files.File("labels.txt");
        File.WriteAllLines(labels, Enumerable.Range(0, 1000).Select(i => $"thing {i}"));

        var run = Classify("--weights", checkpoints.File(ShuffleNetV2Width.X1_5), "--labels", labels, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Top(json.RootElement).Should().OnlyContain(p => p.Label == $"thing {p.Index}");
    }

    [Fact]
    public void Run_LabelsFileWithTheWrongLineCount_ExitCode2NamingItAndTheCounts()
    {
        var labels = _files.File("labels.txt");
        File.WriteAllLines(labels, Enumerable.Range(0, 9).Select(i => $"thing {i}"));

        var run = Classify("--weights", Fixtures.TinyWeights, "--labels", labels);

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal($"error: --labels '{labels}': 9 class names were given, but the model has 10 classes: give one name per class, in class order.");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Run_WeightsUrl_DownloadsIntoTheCacheWithPlainLinesThenUsesTheCachedFile()
    {
        var entry = ShuffleNetV2Weights.X1_5_ImageNet1K_V1;
        var bytes = File.ReadAllBytes(checkpoints.File(ShuffleNetV2Width.X1_5));
        var url = _server.Serve("models/" + entry.FileName, bytes);
        var cached = Path.Combine(_cache.Path, entry.FileName);

        var first = Classify("--weights", url.ToString(), "--no-verify", "--cache-dir", _cache.Path, "--format", "json");
        var second = Classify("--weights", url.ToString(), "--no-verify", "--cache-dir", _cache.Path, "--format", "json");

        first.ExitCode.Should().Be(0, first.ToString());
        first.ErrorLines.Should().Equal($"Downloading {url} to {cached}", string.Create(CultureInfo.InvariantCulture, $"Downloaded {bytes.Length / 1048576.0:0.0} MB."));
        File.ReadAllBytes(cached).Should().Equal(bytes);
        using var json = JsonDocument.Parse(first.Stdout);
        json.RootElement.GetProperty("weights").GetString().Should().Be(cached);
        ShouldBeTorchvisions(json.RootElement, entry, ShuffleNetV2Width.X1_5);
        second.ExitCode.Should().Be(0, second.ToString());
        second.Stderr.Should().BeEmpty();
        second.Stdout.Should().Be(first.Stdout);
        _server.RequestCount.Should().Be(1);
    }

    [Fact]
    public void Run_WeightsUrlNamedWithTheFilesHash_VerifiesItAndUsesTheDefaultTransform()
    {
        var bytes = File.ReadAllBytes(Fixtures.TinyWeights);
        var name = $"tiny-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..10]}.pth";
        var url = _server.Serve(name, bytes);

        var run = Classify("--weights", url.ToString(), "--cache-dir", _cache.Path, "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("classes").GetInt32().Should().Be(Fixtures.TinyClasses);
        json.RootElement.GetProperty("entry").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("resize").GetInt32().Should().Be(256);
        File.Exists(Path.Combine(_cache.Path, name)).Should().BeTrue();
    }

    [Fact]
    public void Run_WeightsUrlServingAnotherFile_ExitCode1NamingUrlAndCachePathAndCachesNothing()
    {
        var url = _server.Serve("tiny-0123456789.pth", File.ReadAllBytes(Fixtures.TinyWeights));

        var run = Classify("--weights", url.ToString(), "--cache-dir", _cache.Path);

        run.ExitCode.Should().Be(1, run.ToString());
        run.ErrorLines[^1].Should().StartWith($"error: Downloading {url} to '{Path.Combine(_cache.Path, "tiny-0123456789.pth")}' failed: the file's SHA-256 starts with ");
        Directory.GetFileSystemEntries(_cache.Path).Should().BeEmpty();
    }

    [Fact]
    public void Run_NoServerListening_ExitCode1NamingUrlAndCachePath()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/models/{ShuffleNetV2Weights.X1_5_ImageNet1K_V1.FileName}");

        var run = Classify("--weights", url.ToString(), "--cache-dir", _cache.Path);

        run.ExitCode.Should().Be(1, run.ToString());
        run.ErrorLines[^1].Should().StartWith($"error: Downloading {url} to '{Path.Combine(_cache.Path, ShuffleNetV2Weights.X1_5_ImageNet1K_V1.FileName)}' failed: cannot reach the server");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Run_ServerNeverAnswers_ExitCode1AfterTheTimeout()
    {
        var url = _server.ServeNoAnswer("models/silent-0123456789.pth");

        var run = Classify("--weights", url.ToString(), "--cache-dir", _cache.Path, "--timeout", "1");

        run.ExitCode.Should().Be(1, run.ToString());
        run.ErrorLines[^1].Should().StartWith($"error: Downloading {url} to '{Path.Combine(_cache.Path, "silent-0123456789.pth")}' failed: no answer from the server within 1 s");
    }

    /// <summary>Arguments after "classify --image {image}" and the expected message; {weights}, {dir} and {file} are replaced by paths.</summary>
    public static TheoryData<string, string> Mistakes => new()
    {
        { "--pretrained 3", "--pretrained must be 0.5, 1.0, 1.5 or 2.0, got '3'." },
        { "--pretrained x1_5", "--pretrained must be 0.5, 1.0, 1.5 or 2.0, got 'x1_5'." },
        { "--pretrained 1.5 --weights {weights}", "--pretrained and --weights both choose the weights: give one of them." },
        { "--weights {weights} --resize 200 --crop 224", "--resize 200 is smaller than --crop 224: the centre crop must fit inside the resized image." },
        { "--weights {weights} --resize 200", "--resize 200 is smaller than the default transform's crop 224: give --crop 200 or less, or a larger --resize." },
        {
            "--pretrained 1.5 --crop 240 --no-verify --cache-dir {dir}",
            "--crop 240 is larger than ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1's transform's resize 232: give --resize 240 or more, or a smaller --crop."
        },
        { "--no-verify", "--no-verify applies to downloads: use it with --pretrained or --weights URL." },
        { "--weights {weights} --cache-dir {dir}", "--cache-dir applies to downloads: use it with --pretrained or --weights URL." },
        { "--weights {weights} --timeout 5", "--timeout applies to downloads: use it with --pretrained or --weights URL." },
        { "--pretrained 1.5 --timeout 0", "--timeout must be a whole number of 1 or more, got '0'." },
        { "--pretrained 1.5 --cache-dir {file}", "--cache-dir: '{file}' is a file, not a directory." },
        { "--weights http://127.0.0.1:1/", "--weights: URL 'http://127.0.0.1:1/' does not end in a file name to cache the file under." },
        { "--weights ftp://example.org/model.pth", "--weights: no file or folder at 'ftp://example.org/model.pth'." },
        { "--labels missing.txt", "--labels: no file at 'missing.txt'." },
        { "--resize 0", "--resize must be a whole number of 1 or more, got '0'." },
        { "--crop -3", "--crop must be a whole number of 1 or more, got '-3'." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Run_BadArguments_OneErrorLineAndExitCode2WithoutDownloading(string args, string message)
    {
        // A cached file of the right name, so that a missing early check cannot reach the internet: it would fail later, differently.
        File.WriteAllText(Path.Combine(_cache.Path, ShuffleNetV2Weights.X1_5_ImageNet1K_V1.FileName), "not weights");
        var file = _files.File("a-file.txt");
        File.WriteAllText(file, "a file");

        var run = Classify(args.Split(' ').Select(a => a.Replace("{weights}", Fixtures.TinyWeights, StringComparison.Ordinal)
            .Replace("{dir}", _cache.Path, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal)).ToArray());

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().Equal("error: " + message.Replace("{file}", file, StringComparison.Ordinal));
        run.Stdout.Should().BeEmpty();
        _server.RequestCount.Should().Be(0);
    }

    private static SampleRun Classify(params string[] args) => SampleRun.Of(["classify", "--image", Fixtures.Image, .. args]);

    private string Seed(ShuffleNetV2Weights entry, string checkpoint)
    {
        var cached = Path.Combine(_cache.Path, entry.FileName);
        File.Copy(checkpoint, cached);
        return cached;
    }

    private static void ShouldBeTorchvisions(JsonElement root, ShuffleNetV2Weights entry, ShuffleNetV2Width width)
    {
        root.GetProperty("entry").GetString().Should().Be(entry.Name);
        (root.GetProperty("resize").GetInt32(), root.GetProperty("crop").GetInt32()).Should().Be((232, 224));
        root.GetProperty("classes").GetInt32().Should().Be(1000);
        var top = Top(root);
        top.Should().OnlyContain(p => p.Label == ImageNetClasses.Names[p.Index]);
        ShouldMatch(top, ReproducibleCheckpoints.TorchvisionTop(width, 5));
    }

    private static void ShouldMatch(List<ClassPrediction> top, (int Index, double Probability)[] expected)
    {
        top.Select(p => p.Index).Should().Equal(expected.Select(e => e.Index));
        top.Zip(expected, (a, b) => Math.Abs(a.Probability - b.Probability)).Max().Should().BeLessThan(ProbabilityTolerance);
    }

    private static List<ClassPrediction> Top(JsonElement root) =>
        root.GetProperty("top").EnumerateArray()
            .Select(p => new ClassPrediction(p.GetProperty("index").GetInt32(), p.GetProperty("label").GetString(), p.GetProperty("probability").GetSingle()))
            .ToList();

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
