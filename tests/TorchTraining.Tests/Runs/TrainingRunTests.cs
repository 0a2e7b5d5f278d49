using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using FluentAssertions;
using TorchCheckpoints;
using TorchTraining.Checkpoints;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Runs;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Runs;

/// <summary>A training run end to end with a network of the tests' own (the library is generic): its files, its card, and what an interrupted or failed run leaves.</summary>
public sealed class TrainingRunTests(FinishedRun finished) : IClassFixture<FinishedRun>
{
    [Fact]
    public void Run_Finished_WritesCheckpointsMetricsArtefactsChartsAndModelJsonLast()
    {
        var names = finished.Result.Files.Select(Path.GetFileName).ToArray();

        names.Should().Equal(TrainingRunFiles.LastCheckpoint, TrainingRunFiles.BestCheckpoint, TrainingRunFiles.MetricsCsv, TrainingRunFiles.MetricsJsonl,
            SmallNetFactory.WeightsName, TrainingRunFiles.Curves, TrainingRunFiles.Confusion, TrainingRunFiles.Card);
        Directory.GetFiles(finished.Folder).Select(Path.GetFileName).Should().BeEquivalentTo(names, "the folder holds the run's files and nothing else (no probe left)");
        finished.Result.History.Should().HaveCount(1);
        finished.Observer.Steps.Should().HaveCount(2000 / 128);
    }

    [Fact]
    public void Run_Finished_CardRecordsNetworkClassesTransformDataRecipeAndMetrics()
    {
        var card = ModelCard.Read(Path.Combine(finished.Folder, TrainingRunFiles.Card));
        var result = finished.Result;

        card.Should().Be(result.Card);
        card.Architecture.Should().Be(finished.Factory.Architecture);
        card.Classes.Should().Equal(IdxDataset.FashionMnistClasses);
        card.Weights.Should().Be(SmallNetFactory.WeightsName);
        card.Transform.Should().Be(TrainingPreset.SmallImages.EvaluationTransform(16, finished.Run.Data.Train));
        card.Transform.ResizeSize.Should().Be(16);
        var provenance = card.Provenance!;
        provenance.Recipe.Should().Be("small-images");
        provenance.Data!.Kind.Should().Be("idx");
        provenance.Data.TrainImages.Should().Be(2000);
        provenance.Data.TestImages.Should().Be(500);
        var settings = provenance.RecipeSettings!.Value;
        settings.GetProperty("epochs").GetInt32().Should().Be(1);
        settings.GetProperty("size").GetInt32().Should().Be(16);
        settings.GetProperty("optimizer").GetString().Should().Be("sgd");
        settings.GetProperty("learning_rate").GetDouble().Should().Be(0.1);
        provenance.Metrics["test_top1"].Should().Be(result.Final.Top1);
        provenance.Metrics["test_top5"].Should().Be(result.Final.TopKAccuracy);
        provenance.Metrics["test_loss"].Should().Be(result.Final.Loss);
        provenance.Metrics["best_test_top1"].Should().Be(result.BestTop1!.Value);
        provenance.Metrics["best_epoch"].Should().Be(0);
        provenance.Created.Should().NotBeNull();
        provenance.Tool.Should().StartWith("TorchTraining ");
        finished.Factory.WrittenCard.Should().Be(result.Card, "the network's files record the same card");
    }

    [Fact]
    public void Run_Finished_CheckpointsCarryTheCardWithoutTheFinalMetrics()
    {
        var inCheckpoint = TrainingCheckpoint.ReadInfo(Path.Combine(finished.Folder, TrainingRunFiles.LastCheckpoint)).Card;

        inCheckpoint.Should().Be(finished.Run.Card);
        inCheckpoint!.Provenance!.Metrics.Should().BeEmpty();
        var final = finished.Result.Card;
        (final with { Provenance = final.Provenance! with { Metrics = new Dictionary<string, double>(), Created = null } }).Should().Be(inCheckpoint);
    }

    [Fact]
    public void Run_Cancelled_LeavesACheckpointWithTheCardAndNoModelJson_ResumingFinishesTheRun()
    {
        using var root = new TempFolder();
        var options = RunData.Options(root.File("run"));
        var run = TrainingRun.Prepare(options, new SmallNetFactory());
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver { AfterStep = p => { if (p.StepsDone == 3) cancellation.Cancel(); } };

        FluentActions.Invoking(() => run.Run(observer, cancellation.Token)).Should().Throw<OperationCanceledException>();

        File.Exists(Path.Combine(run.OutputFolder, TrainingRunFiles.Card)).Should().BeFalse("model.json is written only by a finished run");
        var info = TrainingCheckpoint.ReadInfo(Path.Combine(run.OutputFolder, TrainingRunFiles.LastCheckpoint));
        info.Step.Should().Be(3);
        info.Card.Should().Be(run.Card);

        var resumed = TrainingRun.Prepare(options with { Resume = true }, new SmallNetFactory());
        resumed.Notices.Should().BeEmpty("the epochs did not change");
        resumed.ResumeCheckpoint!.IsMidEpoch.Should().BeTrue();
        resumed.Run().History.Should().HaveCount(1);
        File.Exists(Path.Combine(run.OutputFolder, TrainingRunFiles.Card)).Should().BeTrue();
    }

    [Fact]
    public void Run_UnreadableImage_StopsWithoutModelJson()
    {
        using var root = new TempFolder();
        var data = RunData.ImageFolder(root.File("images"), broken: true);
        var run = TrainingRun.Prepare(new TrainingRunOptions { DataPath = data, OutputFolder = root.File("run"), Epochs = 1, Size = 16, BatchSize = 3, Workers = 0 }, new SmallNetFactory());

        var act = () => run.Run();

        act.Should().Throw<IOException>().WithMessage("*broken.png*");
        File.Exists(Path.Combine(run.OutputFolder, TrainingRunFiles.Card)).Should().BeFalse();
    }

    [Fact]
    public void Run_ThreadsOption_SetDuringTheRunAndPutBack()
    {
        using var root = new TempFolder();
        var before = get_num_threads();
        var run = TrainingRun.Prepare(RunData.Options(root.File("run")) with { Threads = before + 1 }, new SmallNetFactory());
        using var cancellation = new CancellationTokenSource();
        var during = 0;
        var observer = new RecordingObserver { AfterStep = _ => { during = get_num_threads(); cancellation.Cancel(); } };

        FluentActions.Invoking(() => run.Run(observer, cancellation.Token)).Should().Throw<OperationCanceledException>();

        during.Should().Be(before + 1);
        get_num_threads().Should().Be(before);
    }

    [Fact]
    public void Prepare_ResumeWithOtherEpochs_NoticeSaysTheScheduleChanges()
    {
        var run = TrainingRun.Prepare(RunData.Options(finished.Folder, epochs: 3) with { Resume = true }, new SmallNetFactory());

        run.Notices.Should().ContainSingle().Which.Should().Match("The schedule changes:*run of 1 epochs and this run has 3*epoch 2 on*");
    }

    [Fact]
    public void Prepare_ResumeAFinishedRunWithItsEpochs_RefusedAskingForMore()
    {
        var before = FolderSnapshot.Of(finished.Folder);

        var act = () => TrainingRun.Prepare(RunData.Options(finished.Folder) with { Resume = true }, new SmallNetFactory());

        act.Should().Throw<ArgumentException>().WithMessage("Epochs must be above the 1 epochs*ask for more epochs*");
        FolderSnapshot.Of(finished.Folder).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Prepare_ResumeCheckpointOfAnotherNetwork_RefusedAndTheFolderByteIdentical()
    {
        var before = FolderSnapshot.Of(finished.Folder);

        var act = () => TrainingRun.Prepare(RunData.Options(finished.Folder, epochs: 2) with { Resume = true }, new SmallNetFactory(width: 16));

        act.Should().Throw<CheckpointMismatchException>().WithMessage("*does not fit: it holds small_net {\"width\":8}, but this run trains small_net {\"width\":16}.");
        FolderSnapshot.Of(finished.Folder).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW, false, "*holds Sgd state, but this run uses AdamW*")]
    [InlineData(OptimizerKind.Sgd, true, "*holds no moving average of the weights, but this run asks for one*")]
    public void Prepare_ResumeWithOtherTrainingOptions_Refused(OptimizerKind optimizer, bool ema, string message)
    {
        var act = () => TrainingRun.Prepare(RunData.Options(finished.Folder, epochs: 2) with { Resume = true, Optimizer = optimizer, Ema = ema }, new SmallNetFactory());

        act.Should().Throw<CheckpointMismatchException>().WithMessage(message);
    }

    [Fact]
    public void Prepare_ResumeWithAnotherBatchSize_RefusedNamingTheStepsPerEpoch()
    {
        var act = () => TrainingRun.Prepare(RunData.Options(finished.Folder, epochs: 2) with { Resume = true, BatchSize = 100 }, new SmallNetFactory());

        act.Should().Throw<CheckpointMismatchException>().WithMessage("*written with 15 steps per epoch, but this run has 20 (2000 training images in batches of 100)*");
    }

    [Fact]
    public void Run_ResumeCardlessCheckpointOfAnotherNetwork_RefusedBeforeAnythingIsWritten()
    {
        // A checkpoint written by a bare Trainer without a card: Prepare cannot compare networks, Run's resume does, first.
        using var root = new TempFolder();
        var folder = root.File("run");
        var data = ImageData.Open(Fixtures.FashionSubset);
        var evaluation = TrainingPreset.SmallImages.EvaluationTransform(16, data.Train);
        var train = new DataLoader(data.Train!, TrainingPreset.SmallImages.TrainingTransform(16, evaluation), new DataLoaderOptions { BatchSize = 128, Shuffle = true, DropLast = true, Workers = 1 });
        var test = new DataLoader(data.Test, Compose.ForEvaluation(evaluation), new DataLoaderOptions { BatchSize = 256, Workers = 1 });
        using (var model = new SmallNet(10, channels: 3))
        using (var trainer = new Trainer(model, train, test, new TrainingOptions { Epochs = 1, OutputDirectory = folder }))
        {
            trainer.Run();
        }

        var before = FolderSnapshot.Of(folder);
        var run = TrainingRun.Prepare(RunData.Options(folder, epochs: 2) with { Resume = true }, new SmallNetFactory(width: 16));

        var act = () => run.Run();

        act.Should().Throw<CheckpointMismatchException>().WithMessage("*the model differs*");
        FolderSnapshot.Of(folder).Should().BeEquivalentTo(before);
    }
}
