using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchSharp.PyBridge;
using Xunit;

namespace ShuffleNet.Torch.Tests.Weights;

public sealed class RoundTripTests : IDisposable
{
    private readonly WeightsFixtures.TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(CheckpointFormat.PyTorchZip, WeightsKeyStyle.InvertedBlock)]
    [InlineData(CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision)]
    [InlineData(CheckpointFormat.Safetensors, WeightsKeyStyle.InvertedBlock)]
    [InlineData(CheckpointFormat.Safetensors, WeightsKeyStyle.Torchvision)]
    [InlineData(CheckpointFormat.TorchSharp, WeightsKeyStyle.InvertedBlock)]
    [InlineData(CheckpointFormat.TorchSharp, WeightsKeyStyle.Torchvision)]
    public void SaveWeights_ThenLoadWeights_GivesBitIdenticalParametersAndBuffers(CheckpointFormat format, WeightsKeyStyle style)
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

    [Theory]
    [InlineData(CheckpointFormat.PyTorchZip)]
    [InlineData(CheckpointFormat.Safetensors)]
    [InlineData(CheckpointFormat.TorchSharp)]
    public void SaveWeights_ChannelsLastNetworkAfterATrainingStep_LoadsBackBitIdenticalInTheStandardLayout(CheckpointFormat format)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        original.ChannelsLast = true;
        using var optimizer = TorchSharp.torch.optim.SGD(original.parameters(), 0.01, momentum: 0.9);
        var loss = original.call(WeightsFixtures.TinyInput()).square().mean();
        loss.backward();
        optimizer.step();

        // What PyTorch's model.to(memory_format=torch.channels_last) does to the first convolution's weight, kept in place.
        using (TorchSharp.torch.no_grad())
        {
            var weight = original.get_parameter("conv1.0.weight")!;
            weight.set_(weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2));
            weight.is_contiguous().Should().BeFalse();
        }

        var path = _temp.File("channels-last.weights");
        original.SaveWeights(path, format);
        using var copy = WeightsFixtures.NewTiny();
        copy.LoadWeights(path);

        WeightsFixtures.Differences(WeightsFixtures.Snapshot(original), WeightsFixtures.Snapshot(copy)).Should().BeEmpty();
        copy.state_dict().Values.Should().AllSatisfy(t => t.is_contiguous().Should().BeTrue());
    }

    [Fact]
    public void SaveWeights_TorchSharpFormat_LoadsWithTorchSharpsOwnModuleLoad()
    {
        using var original = WeightsFixtures.NewTiny();
        original.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        var path = _temp.File("saved.dat");

        original.SaveWeights(path, CheckpointFormat.TorchSharp);
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
    [InlineData(CheckpointFormat.PyTorchLegacy)]
    [InlineData((CheckpointFormat)42)]
    public void SaveWeights_ReadOnlyOrUnknownFormat_ThrowsNamingIt(CheckpointFormat format)
    {
        using var model = WeightsFixtures.NewTiny();

        var act = () => model.SaveWeights(_temp.File("x"), format);

        act.Should().Throw<ArgumentException>().WithMessage($"*{format} is read-only*").Which.ParamName.Should().Be("format");
        Directory.GetFiles(_temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void SaveWeights_PyTorchZipTorchvisionKeys_HoldsWhatTorchSaveWroteForTorchvisionsModel()
    {
        // tiny_zip_torchvision.pth is torch.save(torchvision ShuffleNetV2(...).state_dict()) by PyTorch 1.13: the same
        // keys in the same order, element types, shapes and bytes are what its strict load_state_dict accepts.
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = WeightsFixtures.NewTiny();
        model.LoadWeights(WeightsFixtures.File("tiny_zip_torchvision"));
        var path = _temp.File("model.pth");

        model.SaveWeights(path, CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);

        using var ours = CheckpointReader.Read(path);
        using var pytorchs = CheckpointReader.Read(WeightsFixtures.File("tiny_zip_torchvision"));
        ours.Format.Should().Be(CheckpointFormat.PyTorchZip);
        ours.Entries.Select(e => e.Key).Should().Equal(pytorchs.Entries.Select(e => e.Key));
        foreach (var ((key, mine), (_, theirs)) in ours.Entries.Zip(pytorchs.Entries))
        {
            (mine.dtype, mine.shape).Should().BeEquivalentTo((theirs.dtype, theirs.shape), key);
            mine.bytes.ToArray().Should().Equal(theirs.bytes.ToArray(), key);
        }
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
