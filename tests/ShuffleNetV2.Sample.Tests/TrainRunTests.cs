using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchTraining.Checkpoints;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// train against an earlier run: a folder that holds one is kept; --resume with a checkpoint that does not fit is
/// refused; a loss that becomes NaN stops with exit code 1 and keeps the last good checkpoint; Ctrl+C writes a
/// checkpoint, exits with 130, and the resumed run ends as the uninterrupted one.
/// </summary>
[Collection(nameof(TrainedRun))]
public sealed class TrainRunTests(TrainedRun run)
{
    [Fact]
    public void Train_OutputHoldsARun_RefusedAndNothingChanged()
    {
        var before = Snapshot(run.Output);

        var again = SampleRun.Of(["train", .. TrainedRun.Arguments(run.Data, run.Output)]);

        again.ExitCode.Should().Be(2, again.ToString());
        again.ErrorLines.Should().ContainSingle().Which.Should().Be(
            $"error: --output '{run.Output}' already holds a training run (model.json, last.ckpt, best.ckpt, metrics.csv, metrics.jsonl, curves.png, confusion.png, model.pth); "
            + $"continue it (--resume {Path.Combine(run.Output, TrainingCheckpoint.LastFileName)}), or choose another folder. Nothing was changed.");
        Snapshot(run.Output).Should().Equal(before);
    }

    [Fact]
    public void Train_ResumeWithAnotherWidth_RefusedNamingTheCheckpoint()
    {
        var output = Path.Combine(run.Parent, "other-width");
        var last = run.File(TrainingCheckpoint.LastFileName);

        var resumed = SampleRun.Of(["train", .. TrainedRun.Arguments(run.Data, output).Select(a => a == "0.5" ? "1.0" : a), "--resume", last]);

        resumed.ExitCode.Should().Be(2, resumed.ToString());
        resumed.ErrorLines.Last().Should().Match(
            $"error: --resume: Checkpoint '{last}' does not fit: it holds shufflenet_v2 {{\"stages_repeats\":[4,8,4],\"stages_out_channels\":[24,48,96,192,1024]}}, "
            + "but this run trains shufflenet_v2 {\"stages_repeats\":[4,8,4],\"stages_out_channels\":[24,116,232,464,1024]}. "
            + "Resume with the options of the run that wrote it (--width, --weights, --optimizer, --ema, --batch, the data).");
        File.Exists(Path.Combine(output, "model.pth")).Should().BeFalse();
    }

    [Fact]
    public void Train_ResumeInTheRunsFolderWithAnotherWidth_LeavesEveryFileOfTheRunByteIdentical()
    {
        var output = run.CopyOutput("resumed-with-another-width");
        var before = Snapshot(output);

        var resumed = SampleRun.Of(["train", .. TrainedRun.Arguments(run.Data, output, epochs: TrainedRun.Epochs + 1).Select(a => a == "0.5" ? "1.0" : a),
            "--resume", Path.Combine(output, TrainingCheckpoint.LastFileName)]);

        resumed.ExitCode.Should().Be(2, resumed.ToString());
        resumed.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --resume: ");
        Snapshot(output).Should().Equal(before, "a refused run writes nothing: not model.json, not a checkpoint, not the metrics");
    }

    [Fact]
    public void Train_ResumeWithAnotherClassCount_RefusedNamingTheClassifier()
    {
        var data = TrainingData.SmallFashion(run.Parent, perClassTrain: 20, perClassTest: 10, classes: 5);
        var output = Path.Combine(run.Parent, "five-classes");
        var last = run.File(TrainingCheckpoint.LastFileName);

        var resumed = SampleRun.Of(["train", .. TrainedRun.Arguments(data, output), "--resume", last]);

        resumed.ExitCode.Should().Be(2, resumed.ToString());
        resumed.ErrorLines.Last().Should().Match(
            $"error: --resume: Checkpoint '{last}' does not fit: its classes are [T-shirt/top, Trouser, Pullover, Dress, Coat, ... (10)], but the data's are [T-shirt/top, Trouser, Pullover, Dress, Coat]. "
            + "Resume with the options of the run that wrote it (--width, --weights, --optimizer, --ema, --batch, the data).");
    }

    [Fact]
    public void Train_LossBecomesNaN_ExitCode1NamingTheStepAndTheLastGoodCheckpointIsKept()
    {
        var output = run.CopyOutput("diverging");
        var last = Path.Combine(output, TrainingCheckpoint.LastFileName);
        var before = Snapshot(output);

        var diverged = SampleRun.Of(["train", .. TrainedRun.Arguments(run.Data, output, epochs: TrainedRun.Epochs + 1), "--resume", last, "--lr", "1e38"]);

        diverged.ExitCode.Should().Be(1, diverged.ToString());
        diverged.ErrorLines.Last().Should().Match(
            $"error: The training loss became * at epoch {TrainedRun.Epochs}, step * (0-based, of 6 steps); training stopped before that update, and the last good checkpoint is '{last}'.*");
        Snapshot(output).Should().Equal(before, "the checkpoints, metrics and model of the good epochs stay as they were");
    }

    [Fact]
    public void Train_InterruptedMidEpoch_CheckpointAndExitCode130ThenResumeEndsAsTheStraightRun()
    {
        var output = Path.Combine(run.Parent, "interrupted");
        string[] arguments = ["train", .. TrainedRun.Arguments(run.Data, output), "--format", "json"];

        var interrupted = SampleRun.Interrupted(line => line.StartsWith("epoch 1/2: step 1/", StringComparison.Ordinal), arguments);

        interrupted.ExitCode.Should().Be(130, interrupted.ToString());
        interrupted.Stdout.Should().BeEmpty();
        var last = Path.Combine(output, TrainingCheckpoint.LastFileName);
        interrupted.ErrorLines.Last().Should().Be(
            $"interrupted: stopped at epoch 1, step 1 of 6; {last} holds the run so far. Continue with the same options and --resume {last}.");
        var info = TrainingCheckpoint.ReadInfo(last);
        (info.Epoch, info.Step).Should().Be((0, 1), "the checkpoint holds the step that finished");
        File.Exists(Path.Combine(output, "model.pth")).Should().BeFalse("the run did not finish");

        var resumed = SampleRun.Of([.. arguments, "--resume", last]);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        var result = JsonDocument.Parse(resumed.LastLine).RootElement;
        var straight = run.Result;
        result.GetProperty("test_top1").GetDouble().Should().Be(straight.GetProperty("test_top1").GetDouble());
        result.GetProperty("final_train_loss").GetDouble().Should().Be(straight.GetProperty("final_train_loss").GetDouble(), "resume is exact");
        using var resumedWeights = TorchCheckpoints.CheckpointReader.Read(Path.Combine(output, "model.pth"));
        using var straightWeights = TorchCheckpoints.CheckpointReader.Read(run.File("model.pth"));
        resumedWeights.Entries.Select(e => e.Key).Should().Equal(straightWeights.Entries.Select(e => e.Key));
        using var scope = TorchSharp.torch.NewDisposeScope();
        foreach (var ((key, resumedTensor), (_, straightTensor)) in resumedWeights.Entries.Zip(straightWeights.Entries))
        {
            resumedTensor.equal(straightTensor).all().item<bool>().Should().BeTrue($"'{key}' is bit-identical to the uninterrupted run's");
        }
    }

    [Fact]
    public void Train_InterruptedBeforeTheFirstStep_ExitCode130AndNothingToResume()
    {
        var output = Path.Combine(run.Parent, "interrupted-at-once");

        var interrupted = SampleRun.Interrupted(line => line.StartsWith("training ", StringComparison.Ordinal), ["train", .. TrainedRun.Arguments(run.Data, output)]);

        interrupted.ExitCode.Should().Be(130, interrupted.ToString());
        interrupted.ErrorLines.Last().Should().Be("interrupted before the first training step: nothing was trained, there is nothing to resume.");
        File.Exists(Path.Combine(output, TrainingCheckpoint.LastFileName)).Should().BeFalse();
    }

    private static string[] Snapshot(string folder) =>
        Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}").ToArray();
}
