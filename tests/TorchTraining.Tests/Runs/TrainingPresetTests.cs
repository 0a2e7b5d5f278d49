using System;
using System.Linq;
using FluentAssertions;
using TorchTraining.Datasets;
using TorchTraining.Runs;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;

namespace TorchTraining.Tests.Runs;

/// <summary>The presets hold the recipe the sample measured (BENCHMARKS.md), value for value.</summary>
public sealed class TrainingPresetTests
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    [Theory]
    [InlineData(ImageDataKind.Idx, false, "small-images")]
    [InlineData(ImageDataKind.Idx, true, "small-images-fine-tuning")]
    [InlineData(ImageDataKind.ImageFolder, false, "image-folder")]
    [InlineData(ImageDataKind.ImageFolder, true, "image-folder-fine-tuning")]
    public void For_LayoutAndPretrained_ChoosesThePreset(ImageDataKind kind, bool pretrained, string name) =>
        TrainingPreset.For(kind, pretrained).Name.Should().Be(name);

    [Fact]
    public void EvaluationTransform_SmallImages_ResizeToSizeAndTheTrainingImagesOwnGreyStatistics()
    {
        var train = IdxDataset.Open(Fixtures.FashionSubset, IdxSplit.Train);
        var pixels = Enumerable.Range(0, train.Count).SelectMany(i => { var image = train.Get(i).Image; return image.Pixels.Take(image.Width * image.Height * image.Channels); }).Select(p => p / 255.0).ToArray();
        var mean = pixels.Average();
        var std = Math.Sqrt(pixels.Select(p => (p - mean) * (p - mean)).Average());

        var transform = TrainingPreset.SmallImages.EvaluationTransform(64, train);

        (transform.CropHeight, transform.CropWidth, transform.ResizeSize).Should().Be((64, 64, 64));
        transform.Mean.Should().Equal(Enumerable.Repeat((float)Math.Round(mean, 4), 3));
        transform.Std.Should().Equal(Enumerable.Repeat((float)Math.Round(std, 4), 3));
    }

    [Theory]
    [InlineData(224, 256)]
    [InlineData(64, 73)]
    [InlineData(160, 183)]
    public void EvaluationTransform_ImageFolder_ResizesBy256Over224WithImageNetNormalisation(int size, int resize)
    {
        var transform = TrainingPreset.ImageFolder.EvaluationTransform(size);

        (transform.CropHeight, transform.ResizeSize).Should().Be((size, resize));
        transform.Mean.Should().Equal(ImageNetMean);
    }

    [Fact]
    public void EvaluationTransform_SmallImagesFineTuning_ImageNetNormalisationAndResizeToSize()
    {
        var transform = TrainingPreset.SmallImagesFineTuning.EvaluationTransform(28);

        (transform.CropHeight, transform.ResizeSize).Should().Be((28, 28));
        transform.Mean.Should().Equal(ImageNetMean);
    }

    [Theory]
    [InlineData(64, 8)]
    [InlineData(16, 2)]
    [InlineData(4, 1)]
    public void TrainingTransform_SmallImages_ResizePaddedCropFlipThenNormalizeAndErase(int size, int padding)
    {
        var evaluation = TrainingPreset.SmallImagesFineTuning.EvaluationTransform(size);

        var compose = TrainingPreset.SmallImages.TrainingTransform(size, evaluation);

        compose.ImageTransforms.Select(t => t.GetType()).Should().Equal(typeof(Resize), typeof(RandomCrop), typeof(RandomHorizontalFlip));
        ((RandomCrop)compose.ImageTransforms[1]).Padding.Should().Be(padding);
        compose.TensorTransforms.Select(t => t.GetType()).Should().Equal(typeof(Normalize), typeof(RandomErasing));
        compose.ToTensor.Channels.Should().Be(3);
    }

    [Fact]
    public void TrainingTransform_ImageFolderWithoutErasing_RandomResizedCropFlipNormalize()
    {
        var compose = TrainingPreset.ImageFolder.TrainingTransform(32, TrainingPreset.ImageFolder.EvaluationTransform(32), randomErasing: 0);

        compose.ImageTransforms.Select(t => t.GetType()).Should().Equal(typeof(RandomResizedCrop), typeof(RandomHorizontalFlip));
        compose.TensorTransforms.Select(t => t.GetType()).Should().Equal(typeof(Normalize));
    }

    [Fact]
    public void Optimizer_Presets_TheSamplesRates()
    {
        TrainingPreset.SmallImages.LearningRateFor(OptimizerKind.Sgd).Should().Be(0.1);
        TrainingPreset.SmallImages.LearningRateFor(OptimizerKind.AdamW).Should().Be(1e-3);
        TrainingPreset.ImageFolderFineTuning.LearningRateFor(OptimizerKind.Sgd).Should().Be(0.1 * 0.1);
        TrainingPreset.ImageFolder.WeightDecayFor(OptimizerKind.Sgd).Should().Be(5e-5);
        TrainingPreset.ImageFolder.WeightDecayFor(OptimizerKind.AdamW).Should().Be(0.05);
        TrainingPreset.ImageFolder.WarmupEpochsFor(30).Should().Be(2);
        TrainingPreset.ImageFolder.WarmupEpochsFor(2).Should().Be(1);
        TrainingPreset.ImageFolder.WarmupEpochsFor(1).Should().Be(0);
    }

    [Fact]
    public void Prepare_DefaultsOnIdxData_TheTrainerGetsTheSamplesRecipe()
    {
        using var root = new TempFolder();

        var run = TrainingRun.Prepare(new TrainingRunOptions { DataPath = Fixtures.FashionSubset, OutputFolder = root.File("run") }, new SmallNetFactory());

        run.Preset.Should().BeSameAs(TrainingPreset.SmallImages);
        run.Size.Should().Be(64);
        run.StepsPerEpoch.Should().Be(2000 / 128);
        var options = run.TrainingOptions;
        options.Epochs.Should().Be(30);
        options.Optimizer.Should().Be(new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.9, WeightDecay = 5e-5, NormWeightDecay = 0, BiasWeightDecay = 0 });
        options.Schedule.Should().Be(new ScheduleSettings { WarmupEpochs = 2, WarmupMethod = WarmupMethod.Linear, WarmupDecay = 0.01, Decay = LearningRateDecay.Cosine, PerIteration = true });
        options.LabelSmoothing.Should().Be(0.1);
        options.Ema.Should().BeNull();
        options.FineTuning.Should().BeNull();
        options.OutputDirectory.Should().Be(run.OutputFolder);
        options.Card.Should().Be(run.Card);
        run.Transform.Should().Be(run.Card.Transform);
    }

    [Fact]
    public void Prepare_PretrainedNetwork_FineTuningPresetAndParameterGroups()
    {
        using var root = new TempFolder();

        var run = TrainingRun.Prepare(new TrainingRunOptions
        {
            DataPath = Fixtures.FashionSubset,
            OutputFolder = root.File("run"),
            Optimizer = OptimizerKind.AdamW,
            FreezeBackboneEpochs = 1,
            BackboneLearningRateScale = 0.5,
        }, new SmallNetFactory(pretrained: true));

        run.Preset.Should().BeSameAs(TrainingPreset.SmallImagesFineTuning);
        run.TrainingOptions.Optimizer.LearningRate.Should().Be(1e-3 * 0.1);
        run.TrainingOptions.Optimizer.WeightDecay.Should().Be(0.05);
        run.TrainingOptions.FineTuning.Should().Be(new FineTuningSettings("fc.") { FreezeBackboneEpochs = 1, BackboneLearningRateScale = 0.5 });
        run.Transform.Mean.Should().Equal(ImageNetMean);
    }
}
