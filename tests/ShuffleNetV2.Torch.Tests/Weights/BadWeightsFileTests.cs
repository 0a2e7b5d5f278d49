using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

/// <summary>Every bad file throws an exception naming the file and the problem, and leaves the model bit-identical.</summary>
public sealed class BadWeightsFileTests : IDisposable
{
    private readonly WeightsFixtures.TempDirectory _temp = new();
    private readonly ShuffleNetV2 _model = WeightsFixtures.NewTiny();
    private readonly Dictionary<string, (ScalarType DType, long[] Shape, byte[] Bytes)> _before;

    public BadWeightsFileTests()
    {
        _before = WeightsFixtures.Snapshot(_model);
    }

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void LoadWeights_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = _temp.File("nowhere.pth");

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*'{path}' does not exist*").Which.FileName.Should().Be(path);
        AssertModelUnchanged();
    }

    [Fact]
    public void LoadWeights_EmptyFile_ThrowsNamingIt()
    {
        var path = _temp.File("empty.pth");
        File.WriteAllBytes(path, []);

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}' is empty*").Which.FilePath.Should().Be(path);
        AssertModelUnchanged();
    }

    [Fact]
    public void LoadWeights_Directory_ThrowsNamingIt()
    {
        var act = () => _model.LoadWeights(_temp.Path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{_temp.Path}' is a directory*");
        AssertModelUnchanged();
    }

    [Theory]
    [InlineData("text", "This is a README, not a checkpoint.\n")]
    [InlineData("png", "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR")]
    [InlineData("json", "{\"weights\": [1, 2, 3]}")]
    [InlineData("long-text", "This file has no magic number either, and it is long enough that a careless check of TorchSharp's format (entry count, key length, key, element type, rank) could take its first bytes for a header; the structure check must still say it is not a checkpoint at all.")]
    public void LoadWeights_NotACheckpoint_ThrowsNamingTheFileAndTheFormatsTried(string name, string content)
    {
        var path = _temp.File(name + ".pth");
        File.WriteAllBytes(path, content.Select(c => (byte)c).ToArray());

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}' is not a checkpoint*PyTorch zip, PyTorch legacy, safetensors, TorchSharp*");
        AssertModelUnchanged();
    }

    [Theory]
    [InlineData("tiny_zip_torchvision", 0.02)]
    [InlineData("tiny_zip_torchvision", 0.5)]
    [InlineData("tiny_zip_torchvision", 0.999)]
    [InlineData("tiny_legacy_torchvision", 0.02)]
    [InlineData("tiny_legacy_torchvision", 0.5)]
    [InlineData("tiny_legacy_torchvision", 0.999)]
    [InlineData("safetensors", 0.5)]
    [InlineData("safetensors", 0.999)]
    [InlineData("torchsharp", 0.5)]
    [InlineData("torchsharp", 0.999)]
    public void LoadWeights_TruncatedFile_ThrowsNamingIt(string source, double keptFraction)
    {
        var complete = CompleteFile(source);
        var bytes = File.ReadAllBytes(complete);
        var path = _temp.File("truncated.bin");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keptFraction)]);

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}'*").Which.Message.Should().MatchRegex("truncated|damaged|not a checkpoint");
        AssertModelUnchanged();
    }

    [Fact]
    public void LoadWeights_CheckpointOfAnotherWidth_ListsEveryProblemAndNamesTheFilesArchitecture()
    {
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: 10);
        var before = WeightsFixtures.Snapshot(model);
        var path = WeightsFixtures.File("tiny_legacy_torchvision");

        var act = () => model.LoadWeights(path);

        var error = act.Should().Throw<WeightsMismatchException>().Which;
        error.FilePath.Should().Be(path);
        error.Message.Should().Contain(path).And.Contain("PyTorch legacy format, torchvision keys")
            .And.Contain("stages_repeats [4, 8, 4], stages_out_channels [24, 48, 96, 192, 1024] (the 0.5× preset)")
            .And.Contain("conv1.0.weight: model [24, 3, 3, 3], file [8, 3, 3, 3]")
            .And.Contain("The file holds a ShuffleNetV2 with stages_repeats [1, 2, 1], stages_out_channels [8, 16, 32, 64, 128], 10 classes")
            .And.Contain("The model was not changed");
        error.MissingKeys.Should().Contain("inverted_block.15.branch2.6.running_var");
        error.Message.Should().Contain("inverted_block.15.branch2.0.weight (file: stage4.3.branch2.0.weight)");
        error.ShapeMismatches.Should().Contain(s => s.StartsWith("inverted_block.4.branch1.0.weight (file: stage3.0.branch1.0.weight): model [48, 1, 3, 3], file [16, 1, 3, 3]", StringComparison.Ordinal));
        WeightsFixtures.Differences(before, WeightsFixtures.Snapshot(model)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadWeights_CheckpointOfAnotherClassCount_ReportsTheClassifierShapesInBothModes(bool strict)
    {
        using var model = WeightsFixtures.NewTiny(numClasses: 1000);
        var before = WeightsFixtures.Snapshot(model);

        var act = () => model.LoadWeights(WeightsFixtures.File("tiny_zip_seed"), new WeightsLoadOptions { Strict = strict });

        var error = act.Should().Throw<WeightsMismatchException>().Which;
        error.ShapeMismatches.Should().Equal("fc.weight: model [1000, 128], file [10, 128]", "fc.bias: model [1000], file [10]");
        error.MissingKeys.Should().BeEmpty();
        error.UnexpectedKeys.Should().BeEmpty();
        error.Message.Should().Contain("2 problems").And.Contain("SkipClassifier");
        WeightsFixtures.Differences(before, WeightsFixtures.Snapshot(model)).Should().BeEmpty();
    }

    [Fact]
    public void LoadWeights_StrictWithEveryKindOfProblem_ListsThemAllInOneException()
    {
        var state = LoadedTinyState();
        state.Remove("conv5.1.running_var");
        state.Remove("inverted_block.2.branch2.4.bias");
        state["extra.weight"] = zeros(3);
        state["conv1.1.weight"] = zeros(9);
        state["fc.bias"] = zeros(10, dtype: ScalarType.Int64);
        var path = _temp.File("broken.pth");
        PyTorchPickler.PickleStateDict(path, state);

        var act = () => _model.LoadWeights(path);

        var error = act.Should().Throw<WeightsMismatchException>().Which;
        error.MissingKeys.Should().BeEquivalentTo("conv5.1.running_var", "inverted_block.2.branch2.4.bias");
        error.UnexpectedKeys.Should().Equal("extra.weight");
        error.ShapeMismatches.Should().Equal("conv1.1.weight: model [8], file [9]");
        error.TypeMismatches.Should().Equal("fc.bias: model Float32, file Int64");
        error.Message.Should().Contain($"'{path}'").And.Contain("PyTorch zip format, inverted_block keys").And.Contain("5 problems")
            .And.Contain("Missing from the file (2):\n  ").And.Contain("  conv5.1.running_var").And.Contain("  inverted_block.2.branch2.4.bias")
            .And.Contain("Unexpected in the file (1):\n  extra.weight")
            .And.Contain("Shape mismatches (1):\n  conv1.1.weight: model [8], file [9]")
            .And.Contain("Element type mismatches (1):\n  fc.bias: model Float32, file Int64");
        AssertModelUnchanged();
    }

    [Fact]
    public void LoadWeights_AllTensorsConvertible_ConvertsDoubleToTheModelsFloat()
    {
        var state = LoadedTinyState().ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point() ? kv.Value.to(ScalarType.Float64) : kv.Value.to(ScalarType.Int32));
        var path = _temp.File("double.pth");
        PyTorchPickler.PickleStateDict(path, state);

        _model.LoadWeights(path);

        WeightsFixtures.TinyLogitError(_model).Should().BeLessThan(1e-5f);
        _model.parameters().Should().OnlyContain(p => p.dtype == ScalarType.Float32);
    }

    [Fact]
    public void LoadWeights_KeysOfBothStyles_ThrowsNamingTheFile()
    {
        var state = LoadedTinyState();
        state["stage2.0.branch1.0.weight"] = state["inverted_block.0.branch1.0.weight"];
        var path = _temp.File("mixed.pth");
        PyTorchPickler.PickleStateDict(path, state);

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}'*mixes torchvision's keys*the reference model's*");
        AssertModelUnchanged();
    }

    [Theory]
    [InlineData("list", new byte[] { 0x80, 0x02, (byte)']', (byte)'.' }, "*holds a list, not a state dict*")]
    [InlineData("model", new byte[] { 0x80, 0x02, (byte)'c', (byte)'m', (byte)'y', (byte)'\n', (byte)'N', (byte)'e', (byte)'t', (byte)'\n', (byte)')', 0x81, (byte)'.' }, "*calls my.Net*whole pickled model*")]
    [InlineData("garbage", new byte[] { 0x80, 0x02, 0xff, (byte)'.' }, "*damaged*opcode 0xff*")]
    public void LoadWeights_ZipWhosePickleIsNotAStateDict_ThrowsSayingWhat(string name, byte[] pickle, string expected)
    {
        var path = _temp.File(name + ".pth");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("archive/data.pkl").Open();
            entry.Write(pickle);
        }

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}'*").WithMessage(expected);
        AssertModelUnchanged();
    }

    [Fact]
    public void LoadWeights_ZipWithoutDataPkl_SaysItIsNotAPyTorchCheckpoint()
    {
        var path = _temp.File("other.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            archive.CreateEntry("readme.txt");
        }

        var act = () => _model.LoadWeights(path);

        act.Should().Throw<CheckpointFileException>().WithMessage($"*'{path}'*no data.pkl*not a PyTorch checkpoint*");
        AssertModelUnchanged();
    }

    private static Dictionary<string, Tensor> LoadedTinyState()
    {
        using var source = WeightsFixtures.NewTiny();
        source.LoadWeights(WeightsFixtures.File("tiny_zip_seed"));
        return source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
    }

    private string CompleteFile(string source)
    {
        if (source.StartsWith("tiny_", StringComparison.Ordinal))
        {
            return WeightsFixtures.File(source);
        }

        using var model = WeightsFixtures.NewTiny();
        model.LoadWeights(WeightsFixtures.File("tiny_zip_seed"));
        var path = _temp.File(source + ".bin");
        model.SaveWeights(path, source == "safetensors" ? CheckpointFormat.Safetensors : CheckpointFormat.TorchSharp);
        return path;
    }

    private void AssertModelUnchanged() =>
        WeightsFixtures.Differences(_before, WeightsFixtures.Snapshot(_model)).Should().BeEmpty("a failed load must leave the model bit-identical");
}
