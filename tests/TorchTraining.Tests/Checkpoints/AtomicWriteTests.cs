using System;
using System.IO;
using System.Threading;
using FluentAssertions;
using TorchTraining.Checkpoints;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Checkpoints;

/// <summary>A failure while writing (an exception, a full disk) leaves the previous file intact and no temporary file behind.</summary>
public sealed class AtomicWriteTests
{
    [Fact]
    public void Write_StreamFailsPartWay_PreviousFileIntactAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("data.bin");
        File.WriteAllText(path, "previous");

        var act = () => AtomicFile.Write(path, s => s.Write(new byte[100_000]), s => new FailingStream(s, 1_000));

        act.Should().Throw<IOException>().WithMessage("*simulated*");
        File.ReadAllText(path).Should().Be("previous");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void Write_Succeeds_ReplacesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("sub/data.txt");

        AtomicFile.Write(path, s => s.Write("new"u8));
        AtomicFile.Write(path, s => s.Write("newer"u8));

        File.ReadAllText(path).Should().Be("newer");
        Directory.GetFiles(folder.File("sub")).Should().Equal(path);
    }

    [Fact]
    public void Run_CheckpointWriteFails_LastCheckpointIntactAndStillResumable()
    {
        using var data = SyntheticData.Create(train: 64, test: 32);
        using var folder = new TempFolder();
        var last = folder.File(TrainingCheckpoint.LastFileName);
        byte[] before;
        using (var model = SmallNet.Create(seed: 3))
        {
            using var cancellation = new CancellationTokenSource();
            var observer = new RecordingObserver { AfterEpoch = _ => cancellation.Cancel() };
            using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path), observer);
            FluentActions.Invoking(() => trainer.Run(cancellation.Token)).Should().Throw<OperationCanceledException>();
            before = File.ReadAllBytes(last);

            trainer.CheckpointStreamWrapper = s => new FailingStream(s, 20_000);
            FluentActions.Invoking(() => trainer.Run()).Should().Throw<IOException>().WithMessage("*simulated*");
        }

        File.ReadAllBytes(last).Should().Equal(before);
        Directory.GetFiles(folder.Path, "*" + AtomicFile.TemporarySuffix).Should().BeEmpty();
        TrainingCheckpoint.ReadInfo(last).Epoch.Should().Be(1);
        using var resumedModel = SmallNet.Create(seed: 4);
        using var resumed = new Trainer(resumedModel, data.TrainSource(), data.TestSource(), TrainingRuns.Options(OptimizerKind.Sgd, folder.Path));
        resumed.Resume(last);
        resumed.Epoch.Should().Be(1);
    }
}
