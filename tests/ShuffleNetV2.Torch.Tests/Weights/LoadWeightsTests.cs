using System;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

public sealed class LoadWeightsTests
{
    [Theory]
    [InlineData("tiny_zip_torchvision", CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision)]
    [InlineData("tiny_zip_seed", CheckpointFormat.PyTorchZip, WeightsKeyStyle.InvertedBlock)]
    [InlineData("tiny_legacy_torchvision", CheckpointFormat.PyTorchLegacy, WeightsKeyStyle.Torchvision)]
    [InlineData("tiny_legacy_seed", CheckpointFormat.PyTorchLegacy, WeightsKeyStyle.InvertedBlock)]
    public void LoadWeights_PyTorchFixture_GivesPyTorchsLogits(string name, CheckpointFormat format, WeightsKeyStyle style)
    {
        using var model = WeightsFixtures.NewTiny();

        var result = model.LoadWeights(WeightsFixtures.File(name));

        result.Format.Should().Be(format);
        result.KeyStyle.Should().Be(style);
        result.LoadedCount.Should().Be(model.state_dict().Count);
        result.MissingKeys.Should().BeEmpty();
        result.UnexpectedKeys.Should().BeEmpty();
        result.ZeroFilledKeys.Should().BeEmpty();
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Theory]
    [InlineData("tiny_zip_torchvision")]
    [InlineData("tiny_zip_seed")]
    [InlineData("tiny_legacy_torchvision")]
    [InlineData("tiny_legacy_seed")]
    public void LoadWeights_PyTorchFixture_HoldsTheGeneratorsValuesBitForBit(string name)
    {
        // The fixtures were filled by tools/reproducible_weights.py; its C# twin must give the very same bytes.
        using var model = WeightsFixtures.NewTiny();

        model.LoadWeights(WeightsFixtures.File(name));

        using var scope = NewDisposeScope();
        var differing = model.state_dict()
            .Where(kv => !kv.Value.cpu().bytes.ToArray().AsSpan().SequenceEqual(ReproducibleWeights.Values(ToTorchvisionKey(kv.Key), kv.Value.shape).bytes.ToArray()))
            .Select(kv => kv.Key)
            .ToList();
        differing.Should().BeEmpty();
    }

    [Theory]
    [InlineData("tiny_zip_torchvision")]
    [InlineData("tiny_legacy_seed")]
    public void LoadWeights_PyTorchFixture_LoadsNumBatchesTracked(string name)
    {
        using var model = WeightsFixtures.NewTiny();

        model.LoadWeights(WeightsFixtures.File(name));

        var expected = WeightsFixtures.TinyExpected.GetProperty("num_batches_tracked").EnumerateObject().ToList();
        expected.Should().HaveCount(model.state_dict().Keys.Count(k => k.EndsWith("num_batches_tracked", System.StringComparison.Ordinal)));
        var state = model.state_dict();
        foreach (var entry in expected)
        {
            var key = ToSeedKey(entry.Name);
            state[key].item<long>().Should().Be(entry.Value.GetInt64(), key);
        }
    }

    [Fact]
    public void LoadWeights_LegacyFileWithBatchNormVersion1_ZeroFillsNumBatchesTrackedAsPyTorchDoes()
    {
        using var model = WeightsFixtures.NewTiny();
        using (no_grad())
        {
            foreach (var (key, tensor) in model.state_dict().Where(kv => kv.Key.EndsWith("num_batches_tracked", System.StringComparison.Ordinal)))
            {
                tensor.fill_(7);
            }
        }

        var result = model.LoadWeights(WeightsFixtures.File("tiny_legacy_bn_v1"));

        result.ZeroFilledKeys.Should().BeEquivalentTo(NumBatchesTrackedKeys(model));
        result.ZeroFilledKeys.Should().OnlyContain(k => model.state_dict()[k].item<long>() == 0);
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void LoadWeights_ZipFileWithoutNumBatchesTrackedButBatchNormVersion2_ReportsThemMissing()
    {
        using var model = WeightsFixtures.NewTiny();

        var act = () => model.LoadWeights(WeightsFixtures.File("tiny_zip_no_num_batches_tracked"));

        act.Should().Throw<WeightsMismatchException>()
            .Which.MissingKeys.Should().BeEquivalentTo(NumBatchesTrackedKeys(model));
    }

    [Fact]
    public void LoadWeights_NonStrict_LoadsWhatMatchesAndReportsTheRest()
    {
        using var model = WeightsFixtures.NewTiny();

        var result = model.LoadWeights(WeightsFixtures.File("tiny_zip_no_num_batches_tracked"), new WeightsLoadOptions { Strict = false });

        result.MissingKeys.Should().BeEquivalentTo(NumBatchesTrackedKeys(model)).And.HaveCount(20);
        result.LoadedCount.Should().Be(model.state_dict().Count - 20);
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void FromWeights_TorchvisionLegacyFile_BuildsTheFilesArchitectureAndClassCount()
    {
        using var model = ShuffleNetV2.FromWeights(WeightsFixtures.File("tiny_legacy_torchvision"));

        model.Architecture.StagesRepeats.Should().Equal(WeightsFixtures.TinyRepeats);
        model.Architecture.StagesOutChannels.Should().Equal(WeightsFixtures.TinyChannels);
        model.NumClasses.Should().Be(WeightsFixtures.TinyClasses);
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void FromWeights_SeedKeyedFileWithOtherClassCountAndSkipClassifier_KeepsTheNewClassifier()
    {
        using var model = ShuffleNetV2.FromWeights(WeightsFixtures.File("tiny_zip_seed"), numClasses: 3, new WeightsLoadOptions { SkipClassifier = true });

        model.Architecture.StagesRepeats.Should().Equal(WeightsFixtures.TinyRepeats);
        model.NumClasses.Should().Be(3);
    }

    [Fact]
    public void LoadWeights_SkipClassifierWithOtherClassCount_LoadsEverythingButFc()
    {
        using var reference = WeightsFixtures.NewTiny();
        reference.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        using var model = WeightsFixtures.NewTiny(numClasses: 1000);
        var fcBefore = WeightsFixtures.Snapshot(model).Where(kv => kv.Key.StartsWith("fc.", System.StringComparison.Ordinal)).ToDictionary();

        var result = model.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"), new WeightsLoadOptions { SkipClassifier = true });

        var after = WeightsFixtures.Snapshot(model);
        WeightsFixtures.Differences(fcBefore, after.Where(kv => kv.Key.StartsWith("fc.", System.StringComparison.Ordinal)).ToDictionary()).Should().BeEmpty();
        var expectedFeatures = WeightsFixtures.Snapshot(reference).Where(kv => !kv.Key.StartsWith("fc.", System.StringComparison.Ordinal)).ToDictionary();
        WeightsFixtures.Differences(expectedFeatures, after.Where(kv => !kv.Key.StartsWith("fc.", System.StringComparison.Ordinal)).ToDictionary()).Should().BeEmpty();
        result.LoadedCount.Should().Be(model.state_dict().Count - 2);
    }

    [Fact]
    public void LoadWeights_ToCpuDevice_LoadsOnTheDevice()
    {
        using var model = WeightsFixtures.NewTiny();

        model.LoadWeights(WeightsFixtures.File("tiny_zip_seed"), new WeightsLoadOptions { Device = CPU });

        model.parameters().Should().OnlyContain(p => p.device_type == TorchSharp.DeviceType.CPU);
        WeightsFixtures.TinyLogitError(model).Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void LoadWeights_ToCudaDevice_LoadsOnCudaOrSaysItIsUnavailable()
    {
        using var model = WeightsFixtures.NewTiny();
        var options = new WeightsLoadOptions { Device = new Device(TorchSharp.DeviceType.CUDA, 0) };

        if (cuda.is_available())
        {
            model.LoadWeights(WeightsFixtures.File("tiny_zip_seed"), options);
            model.parameters().Should().OnlyContain(p => p.device_type == TorchSharp.DeviceType.CUDA);
        }
        else
        {
            var before = WeightsFixtures.Snapshot(model);
            var act = () => model.LoadWeights(WeightsFixtures.File("tiny_zip_seed"), options);
            act.Should().Throw<System.ArgumentException>().WithMessage("*cuda*not available*");
            WeightsFixtures.Differences(before, WeightsFixtures.Snapshot(model)).Should().BeEmpty();
        }
    }

    private static string[] NumBatchesTrackedKeys(ShuffleNetV2 model) =>
        model.state_dict().Keys.Where(k => k.EndsWith("num_batches_tracked", System.StringComparison.Ordinal)).ToArray();

    // The inverse of ToSeedKey below.
    private static string ToTorchvisionKey(string seedKey)
    {
        var parts = seedKey.Split('.');
        if (parts[0] != "inverted_block")
        {
            return seedKey;
        }

        var unit = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var (stage, index) = unit switch { 0 => ("stage2", 0), 1 or 2 => ("stage3", unit - 1), _ => ("stage4", unit - 3) };
        return string.Join('.', new[] { stage, index.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(parts.Skip(2)));
    }

    // The test's own mapping for the tiny configuration [1, 2, 1]: stage2.0 -> 0, stage3.0/1 -> 1/2, stage4.0 -> 3.
    private static string ToSeedKey(string torchvisionKey)
    {
        var parts = torchvisionKey.Split('.');
        var offset = parts[0] switch { "stage2" => 0, "stage3" => 1, "stage4" => 3, _ => -1 };
        return offset < 0 ? torchvisionKey : string.Join('.', new[] { "inverted_block", (offset + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(parts.Skip(2)));
    }
}
