using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>train --weights: the file's network with a new classifier for the data's classes, ImageNet's normalisation.</summary>
public sealed class FineTuneTests : System.IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Train_FineTuneFromAWeightsFile_KeepsItsArchitectureWithANewClassifierForTheData()
    {
        var data = TrainingData.SmallFashion(_directory.Path, perClassTrain: 8, perClassTest: 4, classes: 5);
        var output = _directory.File("fine-tuned");

        var run = SampleRun.Of("train", "--data", data, "--output", output, "--weights", Fixtures.TinyWeights, "--size", "32", "--batch", "8", "--epochs", "2",
            "--freeze-backbone-epochs", "1", "--backbone-lr-scale", "0.1", "--workers", "0", "--format", "json");

        run.ExitCode.Should().Be(0, run.ToString());
        var result = JsonDocument.Parse(run.LastLine).RootElement;
        result.GetProperty("stages_repeats").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(Fixtures.TinyRepeats);
        result.GetProperty("eval_transform").GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()).Should().Equal(0.485f, 0.456f, 0.406f);
        using var model = ShuffleNetV2.FromWeights(Path.Combine(output, "model.pth"));
        model.NumClasses.Should().Be(5);
        model.Architecture.StagesOutChannels.Should().Equal(Fixtures.TinyChannels);
    }

    [Fact]
    public void Train_FineTuneWithAnotherWidth_RefusedNamingTheFile()
    {
        var run = SampleRun.Of("train", "--data", TrainingData.FashionSubset, "--output", _directory.File("run"), "--weights", Fixtures.TinyWeights, "--width", "0.5");

        run.ExitCode.Should().Be(2, run.ToString());
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: --width 0.5 does not match the weights file '{Fixtures.TinyWeights}', which holds ");
    }

    public void Dispose() => _directory.Dispose();
}
