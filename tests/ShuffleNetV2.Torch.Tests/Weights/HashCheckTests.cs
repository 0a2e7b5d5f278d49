using System;
using System.IO;
using FluentAssertions;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using Xunit;

namespace ShuffleNet.Torch.Tests.Weights;

public sealed class HashCheckTests : IDisposable
{
    private static readonly WeightsLoadOptions Verify = new() { VerifyHashFromFileName = true };
    private readonly WeightsFixtures.TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadWeights_NameCarriesTheFilesHashPrefix_VerifiesAndLoads()
    {
        // The fixture was named by tools/make_weight_fixtures.py with Python's hashlib, as torchvision names its files.
        using var model = WeightsFixtures.NewTiny();

        var result = model.LoadWeights(WeightsFixtures.HashNamedLegacy, Verify);

        result.HashVerified.Should().BeTrue();
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void LoadWeights_NameCarriesAnotherHash_ThrowsWithExpectedAndActualPrefixAndLeavesTheModel()
    {
        var actual = Path.GetFileNameWithoutExtension(WeightsFixtures.HashNamedLegacy).Split('-')[^1];
        var wrong = actual.Replace(actual[0], actual[0] == '0' ? '1' : '0');
        var path = _temp.File($"shufflenetv2_x1-{wrong}.pth");
        File.Copy(WeightsFixtures.HashNamedLegacy, path);
        using var model = WeightsFixtures.NewTiny();
        var before = WeightsFixtures.Snapshot(model);

        var act = () => model.LoadWeights(path, Verify);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}' fails its hash check*starts with {wrong}*but it starts with {actual}*")
            .Which.FilePath.Should().Be(path);
        WeightsFixtures.Differences(before, WeightsFixtures.Snapshot(model)).Should().BeEmpty();
    }

    [Fact]
    public void LoadWeights_VerificationOffAndWrongHashInName_LoadsWithoutChecking()
    {
        var path = _temp.File("shufflenetv2_x1-0000000000.pth");
        File.Copy(WeightsFixtures.HashNamedLegacy, path);
        using var model = WeightsFixtures.NewTiny();

        var result = model.LoadWeights(path);

        result.HashVerified.Should().BeFalse();
    }

    [Theory]
    [InlineData("tiny.pth")]
    [InlineData("model-v2.pth")]
    [InlineData("weights-abc123.pth")]
    public void LoadWeights_NameWithoutHashSuffix_LoadsWithoutChecking(string name)
    {
        var path = _temp.File(name);
        File.Copy(WeightsFixtures.HashNamedLegacy, path);
        using var model = WeightsFixtures.NewTiny();

        var result = model.LoadWeights(path, Verify);

        result.HashVerified.Should().BeFalse();
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }
}
