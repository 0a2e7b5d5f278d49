using System;
using System.IO;
using FluentAssertions;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Tests.Weights;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints.Hub;
using TorchCheckpoints.Tests.Hub;
using Xunit;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>ShuffleNetV2.Create(width, weights): torchvision's builder with weights, through the cache, against a local server.</summary>
public sealed class CreateFromWeightsTests : IDisposable
{
    private readonly LocalHttpServer _server = new();
    private readonly WeightsFixtures.TempDirectory _cache = new();

    public void Dispose()
    {
        _server.Dispose();
        _cache.Dispose();
    }

    private CheckpointDownloadOptions Options => new() { CacheDirectory = _cache.Path, Timeout = TimeSpan.FromSeconds(10) };

    private ShuffleNetV2Weights PublishedX0_5(string? prefix = null) =>
        TestEntries.At(_server.Serve($"shufflenetv2_x0.5-{prefix ?? TestEntries.X0_5Prefix}.pth", TestEntries.X0_5Checkpoint));

    [Fact]
    public void Create_FileNotCached_DownloadsItThenLoadsItWithTheCategoriesClassCount()
    {
        var weights = PublishedX0_5();

        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options);

        model.NumClasses.Should().Be(weights.Categories.Count).And.Be(1000);
        WeightsFixtures.Differences(TestEntries.X0_5Weights, WeightsFixtures.Snapshot(model)).Should().BeEmpty();
        File.ReadAllBytes(weights.CachedPath(Options)).Should().Equal(TestEntries.X0_5Checkpoint);
        _server.RequestCount.Should().Be(1);
    }

    [Fact]
    public void Create_FileCached_LoadsItWithoutARequest()
    {
        var weights = PublishedX0_5();
        File.WriteAllBytes(Path.Combine(_cache.Path, weights.FileName), TestEntries.X0_5Checkpoint);

        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options);

        model.NumClasses.Should().Be(1000);
        _server.RequestCount.Should().Be(0);
    }

    [Fact]
    public void Create_CachedFileIsNotThePublishedOne_ThrowsItsHashMismatchNamingIt()
    {
        var weights = PublishedX0_5(prefix: "0123456789");
        var cached = Path.Combine(_cache.Path, weights.FileName);
        File.WriteAllBytes(cached, TestEntries.X0_5Checkpoint);

        var act = () => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options);

        act.Should().Throw<CheckpointDownloadException>().WithMessage($"Cached file '{cached}' (from {weights.Url}) fails its hash check*")
            .Which.FilePath.Should().Be(cached);
        _server.RequestCount.Should().Be(0);
    }

    [Fact]
    public void Create_CachedFileIsNotThePublishedOneAndVerificationOff_LoadsIt()
    {
        var weights = PublishedX0_5(prefix: "0123456789");
        File.WriteAllBytes(Path.Combine(_cache.Path, weights.FileName), TestEntries.X0_5Checkpoint);

        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options with { VerifyHash = false });

        model.NumClasses.Should().Be(1000);
    }

    [Fact]
    public void Create_DownloadDoesNotMatchThePrefix_ThrowsAndCachesNothing()
    {
        var weights = PublishedX0_5(prefix: "0123456789");

        var act = () => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options);

        act.Should().Throw<CheckpointDownloadException>().WithMessage($"Downloading {weights.Url} *SHA-256 starts with {TestEntries.X0_5Prefix}, not 0123456789*");
        Directory.GetFiles(_cache.Path).Should().BeEmpty();
    }

    [Fact]
    public void Create_CachedFileOfAnotherArchitecture_ThrowsWeightsMismatchAsLoadingIsStrict()
    {
        var weights = PublishedX0_5();
        File.Copy(WeightsFixtures.HashNamedLegacy, Path.Combine(_cache.Path, weights.FileName));

        var act = () => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, weights, Options with { VerifyHash = false });

        act.Should().Throw<WeightsMismatchException>();
    }

    [Fact]
    public void Create_WeightsOfAnotherWidth_ThrowsArgumentExceptionBeforeLookingForTheFile()
    {
        var options = Options with { CacheDirectory = Path.Combine(_cache.Path, "never-made") };

        var act = () => ShuffleNetV2.Create(ShuffleNetV2Width.X1_0, ShuffleNetV2Weights.X0_5_ImageNet1K_V1, options);

        act.Should().Throw<ArgumentException>().WithMessage("ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1 are weights for the 0.5x width, not for 1.0x*")
            .Which.ParamName.Should().Be("weights");
        Directory.Exists(options.CacheDirectory).Should().BeFalse();
    }

    [Fact]
    public void Create_NullWeights_IsAFreshThousandClassNetworkOfTheWidth()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X1_5, weights: null);

        model.NumClasses.Should().Be(1000);
        model.Architecture.Should().Be(ShuffleNetV2Architecture.For(ShuffleNetV2Width.X1_5));
    }
}
