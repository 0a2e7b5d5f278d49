using FluentAssertions;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Metrics;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Training;

/// <summary>
/// Training that must learn: a tiny CNN on the committed Fashion-MNIST subset (2,000 training and 500 test images)
/// through the real DataLoader with augmentation, reaching a test accuracy far above chance (10%).
/// </summary>
/// <remarks>
/// Measured with one thread, 6 epochs (about 16 s on a busy 2-core machine): test top-1 of seeds 1 to 5 was 78.6%,
/// 77.4%, 79.0%, 76.6% and 78.4%. The threshold, 65%, leaves more than 10 points of margin; with the optimizer's step
/// removed from the training step the same run ends at 11.2% (checked by hand), so the test fails when training does
/// nothing.
/// </remarks>
public sealed class FashionSubsetTrainingTests(ITestOutputHelper output)
{
    /// <summary>The test accuracy a working training loop reaches (measured: see the remarks), with margin.</summary>
    private const double RequiredTop1 = 0.65;

    private const int Epochs = 6;

    [Fact]
    public void Run_TinyCnnOnTheFashionSubsetWithAugmentation_ReachesFarAboveChance()
    {
        var result = Train(seed: 1);

        output.WriteLine($"test top-1 {result.Top1:P2}, loss {result.Loss:0.0000}");
        result.Top1.Should().BeGreaterThan(RequiredTop1, "a training loop that works learns Fashion-MNIST's classes from 2,000 images");
    }

    private static EvaluationResult Train(int seed)
    {
        var threads = get_num_threads();
        set_num_threads(1);   // on a shared 2-core machine, one thread is the fastest (and reproducible)
        try
        {
            var train = IdxDataset.Open(Fixtures.FashionSubset, IdxSplit.Train);
            var test = IdxDataset.Open(Fixtures.FashionSubset, IdxSplit.Test);
            var normalize = new Normalize([0.2860f], [0.3530f]);
            var augment = new Compose([new RandomCrop(28, padding: 2), new RandomHorizontalFlip()], new ToTensor(), [normalize]);
            var plain = new Compose([], new ToTensor(), [normalize]);
            var trainLoader = new DataLoader(train, augment, new DataLoaderOptions { BatchSize = 64, Shuffle = true, DropLast = true, Workers = 1, Seed = seed });
            var testLoader = new DataLoader(test, plain, new DataLoaderOptions { BatchSize = 250, Workers = 1 });
            using var model = TinyCnn.Create(seed);
            var options = new TrainingOptions
            {
                Epochs = Epochs,
                Optimizer = new OptimizerSettings { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 },
                Schedule = new ScheduleSettings { WarmupEpochs = 1, WarmupDecay = 0.1, PerIteration = true },
            };
            using var trainer = new Trainer(model, trainLoader, testLoader, options);
            trainer.Run();
            return Evaluator.Evaluate(model, testLoader);
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
