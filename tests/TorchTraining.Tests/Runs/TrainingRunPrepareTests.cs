using System;
using System.IO;
using FluentAssertions;
using TorchTraining.Datasets;
using TorchTraining.Runs;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Runs;

/// <summary>Prepare checks everything before anything is created: a refused run leaves the file system as it was.</summary>
public sealed class TrainingRunPrepareTests
{
    [Fact]
    public void Prepare_MissingDataFolder_ThrowsNamingItAndCreatesNothing()
    {
        using var root = new TempFolder();
        var output = root.File("runs/first");

        var act = () => TrainingRun.Prepare(RunData.Options(output) with { DataPath = root.File("missing") }, new SmallNetFactory());

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"No data folder at '{root.File("missing")}'.");
        FolderSnapshot.Of(root.Path).Should().BeEmpty("neither the output folder nor its parent was created");
    }

    [Fact]
    public void Prepare_DataFolderOfNeitherLayout_ThrowsNamingIt()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.File("empty"));

        var act = () => TrainingRun.Prepare(RunData.Options(root.File("run")) with { DataPath = root.File("empty") }, new SmallNetFactory());

        act.Should().Throw<DataLayoutException>().WithMessage($"'{root.File("empty")}' holds neither MNIST-layout IDX files*");
        Directory.Exists(root.File("run")).Should().BeFalse();
    }

    [Fact]
    public void Prepare_OutputPathIsAFile_RefusedBeforeTrainingAndTheFileUnchanged()
    {
        using var root = new TempFolder();
        var output = root.File("run");
        File.WriteAllText(output, "not a folder");

        var act = () => TrainingRun.Prepare(RunData.Options(output), new SmallNetFactory());

        act.Should().Throw<IOException>().WithMessage($"OutputFolder '{output}' is a file; give a folder for the run's files.");
        File.ReadAllText(output).Should().Be("not a folder");
    }

    [Fact]
    public void Prepare_OutputUnderAFile_Refused()
    {
        using var root = new TempFolder();
        File.WriteAllText(root.File("file"), "x");

        var act = () => TrainingRun.Prepare(RunData.Options(root.File("file/run")), new SmallNetFactory());

        act.Should().Throw<IOException>().WithMessage($"*cannot be created: '{root.File("file")}' is a file.");
    }

    [Theory]
    [InlineData(TrainingRunFiles.LastCheckpoint)]
    [InlineData(TrainingRunFiles.Card)]
    [InlineData(TrainingRunFiles.MetricsCsv)]
    [InlineData(SmallNetFactory.WeightsName)]
    public void Prepare_FolderHoldsAnotherRun_RefusedAndNothingChanged(string runFile)
    {
        using var root = new TempFolder();
        var output = root.File("run");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, runFile), "another run");
        var before = FolderSnapshot.Of(root.Path);

        var act = () => TrainingRun.Prepare(RunData.Options(output), new SmallNetFactory());

        act.Should().Throw<IOException>().WithMessage($"OutputFolder '{output}' already holds a training run ({runFile});*choose another folder. Nothing was changed.");
        FolderSnapshot.Of(root.Path).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Prepare_ResumeWithoutACheckpoint_FileNotFoundNamingTheFolder()
    {
        using var root = new TempFolder();

        var act = () => TrainingRun.Prepare(RunData.Options(root.Path) with { Resume = true }, new SmallNetFactory());

        act.Should().Throw<FileNotFoundException>().WithMessage($"Resume: '{root.Path}' holds no last.ckpt to continue from.");
    }

    [Fact]
    public void Prepare_NewRun_CreatesNothingUntilRun()
    {
        using var root = new TempFolder();

        var run = TrainingRun.Prepare(RunData.Options(root.File("runs/first")), new SmallNetFactory());

        run.OutputFolder.Should().Be(root.File("runs/first"));
        FolderSnapshot.Of(root.Path).Should().BeEmpty("the probe file is deleted and the folder is created by Run");
    }

    [Theory]
    [InlineData("epochs", "Epochs must be null or 1 or more, got 0.*")]
    [InlineData("warmup", "WarmupEpochs must be below Epochs (3)*got 3.*")]
    [InlineData("freeze", "FreezeBackboneEpochs and BackboneLearningRateScale fine-tune pretrained features, but the network starts from scratch*")]
    [InlineData("fraction", "ValidationFraction splits an image folder*")]
    [InlineData("classes", "Classes names an image folder's subfolders*")]
    [InlineData("batch", "BatchSize 5000 is more than the 2000 training images*no full batch*")]
    [InlineData("erasing", "RandomErasing must be null or in [0, 1], got 2.*")]
    [InlineData("threads", "Threads must be null or 1 or more, got 0.*")]
    public void Prepare_OptionOutOfRange_OneLineNamingItAndNothingCreated(string option, string message)
    {
        using var root = new TempFolder();
        var options = RunData.Options(root.File("run"));
        options = option switch
        {
            "epochs" => options with { Epochs = 0 },
            "warmup" => options with { Epochs = 3, WarmupEpochs = 3 },
            "freeze" => options with { FreezeBackboneEpochs = 1 },
            "fraction" => options with { ValidationFraction = 0.1 },
            "classes" => options with { Classes = ["a", "b"] },
            "batch" => options with { BatchSize = 5000 },
            "erasing" => options with { RandomErasing = 2 },
            _ => options with { Threads = 0 },
        };

        var act = () => TrainingRun.Prepare(options, new SmallNetFactory());

        act.Should().Throw<ArgumentException>().WithMessage(message).Which.Message.Should().NotContain("\n");
        FolderSnapshot.Of(root.Path).Should().BeEmpty();
    }
}
