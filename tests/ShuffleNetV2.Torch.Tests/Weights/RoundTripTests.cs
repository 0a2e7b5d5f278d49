using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchSharp.PyBridge;
using Xunit;

namespace ShuffleNet.Torch.Tests.Weights;

public sealed class RoundTripTests : IDisposable
{
    private readonly WeightsFixtures.TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(WeightsFormat.Safetensors, WeightsKeyStyle.Seed)]
    [InlineData(WeightsFormat.Safetensors, WeightsKeyStyle.Torchvision)]
    [InlineData(WeightsFormat.TorchSharp, WeightsKeyStyle.Seed)]
    [InlineData(WeightsFormat.TorchSharp, WeightsKeyStyle.Torchvision)]
    public void SaveWeights_ThenLoadWeights_GivesBitIdenticalParametersAndBuffers(WeightsFormat format, WeightsKeyStyle style)
    {
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_legacy_torchvision"));
        var path = _temp.File("saved.weights");

        original.SaveWeights(path, format, style);
        using var copy = WeightsFixtures.NewTiny();
        var result = copy.LoadWeights(path);

        result.Format.Should().Be(format);
        result.KeyStyle.Should().Be(style);
        WeightsFixtures.Differences(WeightsFixtures.Snapshot(original), WeightsFixtures.Snapshot(copy)).Should().BeEmpty();
    }

    [Fact]
    public void SaveWeights_TorchSharpFormat_LoadsWithTorchSharpsOwnModuleLoad()
    {
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        var path = _temp.File("saved.dat");

        original.SaveWeights(path, WeightsFormat.TorchSharp);
        using var copy = WeightsFixtures.NewTiny();
        copy.load(path);

        WeightsFixtures.Differences(WeightsFixtures.Snapshot(original), WeightsFixtures.Snapshot(copy)).Should().BeEmpty();
    }

    [Fact]
    public void SaveWeights_Safetensors_LoadsWithPyBridgesSafetensorsReader()
    {
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        var path = _temp.File("saved.safetensors");

        original.SaveWeights(path);
        using var copy = WeightsFixtures.NewTiny();
        copy.load_safetensors(path);

        WeightsFixtures.Differences(WeightsFixtures.Snapshot(original), WeightsFixtures.Snapshot(copy)).Should().BeEmpty();
        (File.ReadAllBytes(path).Length % 8).Should().Be(0, "the header is padded to 8 bytes and every tensor here is float32 or int64");
    }

    [Fact]
    public void LoadWeights_FilesWrittenByTorchSharpAndPyBridge_LoadBitIdentically()
    {
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_zip_seed"));
        var torchSharpFile = _temp.File("module.save");
        var safetensorsFile = _temp.File("pybridge.safetensors");
        original.save(torchSharpFile);
        original.save_safetensors(safetensorsFile);

        foreach (var path in new[] { torchSharpFile, safetensorsFile })
        {
            using var copy = WeightsFixtures.NewTiny();
            copy.LoadWeights(path);
            WeightsFixtures.Differences(WeightsFixtures.Snapshot(original), WeightsFixtures.Snapshot(copy)).Should().BeEmpty(path);
        }
    }

    [Fact]
    public void SaveWeights_OverAnExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        using var model = WeightsFixtures.NewTiny();
        var path = _temp.File("weights.safetensors");
        File.WriteAllText(path, "old");

        model.SaveWeights(path);

        File.ReadAllBytes(path).Length.Should().BeGreaterThan(3);
        Directory.GetFiles(_temp.Path).Should().Equal(path);
    }

    [Theory]
    [InlineData(WeightsFormat.PyTorchZip)]
    [InlineData(WeightsFormat.PyTorchLegacy)]
    [InlineData((WeightsFormat)42)]
    public void SaveWeights_ReadOnlyOrUnknownFormat_ThrowsNamingIt(WeightsFormat format)
    {
        using var model = WeightsFixtures.NewTiny();

        var act = () => model.SaveWeights(_temp.File("x"), format);

        act.Should().Throw<ArgumentException>().WithMessage($"*{format} is read-only*").Which.ParamName.Should().Be("format");
        Directory.GetFiles(_temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void SaveWeights_TorchvisionKeys_WritesTorchvisionsNames()
    {
        using var model = WeightsFixtures.NewTiny();
        var path = _temp.File("tv.safetensors");

        model.SaveWeights(path, keyStyle: WeightsKeyStyle.Torchvision);

        var header = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, (int)BitConverter.ToUInt64(File.ReadAllBytes(path), 0));
        header.Should().Contain("\"stage2.0.branch1.0.weight\"").And.Contain("\"stage3.1.branch2.0.weight\"").And.Contain("\"stage4.0.branch2.6.num_batches_tracked\"")
            .And.NotContain("inverted_block");
        model.state_dict().Keys.Count(k => k.StartsWith("inverted_block", StringComparison.Ordinal)).Should().BeGreaterThan(0);
    }
}
