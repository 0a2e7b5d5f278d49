using System.Linq;
using FluentAssertions;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>evaluate's mistakes: one line on stderr, exit code 2.</summary>
public sealed class EvaluateBadInputTests
{
    [Fact]
    public void Evaluate_NoModel_AsksForOne()
    {
        ShouldFail(SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset), "error: Give the model to evaluate: --weights FILE or --onnx FILE.");
    }

    [Fact]
    public void Evaluate_BothModels_Refused()
    {
        ShouldFail(SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset, "--weights", Fixtures.TinyWeights, "--onnx", Fixtures.TinyWeights),
            "error: Give --weights or --onnx, not both.");
    }

    [Fact]
    public void Evaluate_WeightsWithoutARecordOrOptions_AsksForTheTransform()
    {
        ShouldFail(SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset, "--weights", Fixtures.TinyWeights),
            $"error: '{Fixtures.TinyWeights}' has no model card (no model.json beside it, none in a checkpoint or the ONNX metadata) to say how its images are prepared: give --size, --mean and --std (and --resize to resize first).");
    }

    [Fact]
    public void Evaluate_WeightsWithExplicitTransform_Evaluates()
    {
        var run = SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset, "--weights", Fixtures.TinyWeights, "--size", "32", "--resize", "32",
            "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25", "--format", "json", "--workers", "0");

        run.ExitCode.Should().Be(0, run.ToString());
        var result = System.Text.Json.JsonDocument.Parse(run.LastLine).RootElement;
        result.GetProperty("count").GetInt32().Should().Be(500);
        result.GetProperty("eval_transform_source").GetString().Should().Be("the options");
    }

    [Fact]
    public void Evaluate_WeightsWithSizeMeanAndStdButNoResize_CropsWithoutResizing()
    {
        var run = SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset, "--weights", Fixtures.TinyWeights, "--size", "32",
            "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25", "--format", "json", "--workers", "0");

        run.ExitCode.Should().Be(0, run.ToString());
        var result = System.Text.Json.JsonDocument.Parse(run.LastLine).RootElement;
        result.GetProperty("eval_transform").GetProperty("resize").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "--resize is not given and the model records no transform");
        result.GetProperty("eval_transform").GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(32, 32);
        result.GetProperty("eval_transform_source").GetString().Should().Be("the options");
    }

    [Theory]
    [InlineData("--mean 0.5,0.5", "--mean must be three numbers separated by commas (R,G,B), e.g. 0.5,0.5,0.5, got '0.5,0.5'.")]
    [InlineData("--std 0.5,0,0.5", "--std must be three numbers separated by commas (R,G,B), each above 0, e.g. 0.5,0.5,0.5, got '0.5,0,0.5'.")]
    [InlineData("--format csv", "--format must be table or json, got 'csv'.")]
    public void Evaluate_BadOption_NamesIt(string options, string message)
    {
        ShouldFail(SampleRun.Of(["evaluate", "--data", TrainingData.FashionSubset, "--weights", Fixtures.TinyWeights, .. options.Split(' ')]), "error: " + message);
    }

    [Fact]
    public void Evaluate_MissingOnnxFile_NamesIt()
    {
        ShouldFail(SampleRun.Of("evaluate", "--data", TrainingData.FashionSubset, "--onnx", "missing.onnx"), "error: --onnx: no file at 'missing.onnx'.");
    }

    [Fact]
    public void Evaluate_ModelWithOtherClassCount_Refused()
    {
        var run = SampleRun.Of("evaluate", "--data", TrainingData.ImageFolderOfTwo.Value, "--weights", Fixtures.TinyWeights, "--size", "32", "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25");

        ShouldFail(run, $"error: --data: '{Fixtures.TinyWeights}' has 10 classes but the data in '{TrainingData.ImageFolderOfTwo.Value}' has 2.");
    }

    private static void ShouldFail(SampleRun run, string message)
    {
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stdout.Should().BeEmpty();
        run.ErrorLines.Should().ContainSingle().Which.Should().Be(message);
    }
}
