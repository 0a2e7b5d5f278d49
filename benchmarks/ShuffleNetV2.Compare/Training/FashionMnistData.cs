using System;
using System.Collections.Generic;
using TorchTraining.Datasets;
using TorchTraining.Loading;
using TorchTraining.Transforms;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Fashion-MNIST as both sides of the training comparison read it: the IDX files, optionally only the first images,
/// resized to the recipe's size (Pillow's bilinear), three channels, normalised; for training with or without
/// RandomCrop (padding) and RandomHorizontalFlip, and optionally RandomErasing (the sample's recipe; the comparison runs
/// without it). pytorch_train_worker.py builds the same with torchvision's transforms.
/// </summary>
internal static class FashionMnistData
{
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    public const int TestBatch = 256;

    public static IImageDataset Open(string folder, IdxSplit split, int? limit)
    {
        var dataset = IdxDataset.Open(folder, split);
        return limit is { } n && n < dataset.Count ? new FirstImages(dataset, n) : dataset;
    }

    /// <param name="recipe">The size, padding, normalisation and whether to augment.</param>
    /// <param name="randomErasing">RandomErasing's probability after Normalize, as the sample's training transforms; 0 for none.</param>
    public static Compose TrainTransform(TrainingRecipe recipe, double randomErasing = 0) => recipe.Augment
        ? new Compose(
            [new Resize(recipe.ImageSize, recipe.ImageSize), new RandomCrop(recipe.ImageSize, recipe.CropPadding), new RandomHorizontalFlip()],
            new ToTensor(3),
            randomErasing > 0 ? [Normalization(recipe), new RandomErasing(randomErasing)] : [Normalization(recipe)])
        : EvalTransform(recipe);

    public static Compose EvalTransform(TrainingRecipe recipe) =>
        new([new Resize(recipe.ImageSize, recipe.ImageSize)], new ToTensor(3), [Normalization(recipe)]);

    /// <summary>The training batches: the dataset's own order unless <paramref name="shuffle"/>; the last partial batch kept (as train.py) unless <paramref name="dropLast"/> (as the sample).</summary>
    public static DataLoader TrainLoader(IImageDataset dataset, TrainingRecipe recipe, bool shuffle, int seed, int workers, double randomErasing = 0, bool dropLast = false) =>
        new(dataset, TrainTransform(recipe, randomErasing), new DataLoaderOptions { BatchSize = recipe.BatchSize, Shuffle = shuffle, Seed = seed, Workers = workers, DropLast = dropLast });

    public static DataLoader TestLoader(IImageDataset dataset, TrainingRecipe recipe, int workers) =>
        new(dataset, EvalTransform(recipe), new DataLoaderOptions { BatchSize = TestBatch, Workers = workers });

    private static Normalize Normalization(TrainingRecipe recipe) => new([recipe.Mean], [recipe.Std]);

    /// <summary>The first images of a dataset (quick runs).</summary>
    private sealed class FirstImages(IImageDataset dataset, int count) : IImageDataset
    {
        public int Count { get; } = count;

        public IReadOnlyList<string> Classes => dataset.Classes;

        public LabeledImage Get(int index) => (uint)index < (uint)Count ? dataset.Get(index) : throw new ArgumentOutOfRangeException(nameof(index), index, $"The subset has {Count} images.");
    }
}
