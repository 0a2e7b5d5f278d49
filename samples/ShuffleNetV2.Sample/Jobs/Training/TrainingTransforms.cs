using System;
using System.Collections.Generic;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;
using TorchTraining.Transforms;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The training augmentation and the evaluation transform of a recipe, torchvision's way. IDX (small, centred, grey):
/// Resize(size), RandomCrop(size, padding size/8), RandomHorizontalFlip, ToTensor with three channels, Normalize,
/// RandomErasing; evaluated with Resize(size) and CenterCrop(size). Image folders: RandomResizedCrop(size),
/// RandomHorizontalFlip, ToTensor, Normalize, RandomErasing; evaluated with Resize(size × 256/224), CenterCrop(size).
/// Normalisation: ImageNet's for image folders and when fine-tuning from --weights (the features were learnt with it);
/// the training images' own mean and std for IDX data trained from scratch.
/// </summary>
internal sealed class TrainingTransforms
{
    private TrainingTransforms(Compose train, ImageClassificationTransform eval)
    {
        Train = train;
        Eval = eval;
    }

    public Compose Train { get; }

    public ImageClassificationTransform Eval { get; }

    public static TrainingTransforms For(ImageData data, int size, bool fromPretrained, double randomErasing)
    {
        var eval = data.Kind == ImageDataKind.Idx && !fromPretrained
            ? IdxEval(size, GreyStatistics(data.Train!))
            : data.Kind == ImageDataKind.Idx ? ImageNet(size).WithResize(size) : ImageNet(size);
        var augment = new List<IImageTransform>();
        if (data.Kind == ImageDataKind.Idx)
        {
            augment.Add(new Resize(size));
            augment.Add(new RandomCrop(size, padding: Math.Max(1, size / 8)));
        }
        else
        {
            augment.Add(new RandomResizedCrop(size));
        }

        augment.Add(new RandomHorizontalFlip());
        var tensorTransforms = new List<ITensorTransform> { new Normalize(eval.Mean, eval.Std) };
        if (randomErasing > 0)
        {
            tensorTransforms.Add(new RandomErasing(randomErasing));
        }

        return new TrainingTransforms(new Compose(augment, new ToTensor(channels: 3), tensorTransforms), eval);
    }

    private static ImageClassificationTransform IdxEval(int size, (float Mean, float Std) grey) =>
        new(size, size, size, [grey.Mean, grey.Mean, grey.Mean], [grey.Std, grey.Std, grey.Std]);

    /// <summary>ImageNet's evaluation scaled to the input: resize size × 256/224, centre crop size, ImageNet's mean and std.</summary>
    private static ImageClassificationTransform ImageNet(int size) => new(size, (int)Math.Round(size * 256.0 / 224.0));

    /// <summary>The mean and standard deviation of the training pixels scaled to [0, 1], rounded to 4 decimals (Fashion-MNIST: 0.2860, 0.3530).</summary>
    private static (float Mean, float Std) GreyStatistics(IImageDataset train)
    {
        var histogram = new long[256];
        for (var i = 0; i < train.Count; i++)
        {
            var image = train.Get(i).Image;
            foreach (var pixel in image.Pixels.AsSpan(0, image.Width * image.Height * image.Channels))
            {
                histogram[pixel]++;
            }
        }

        double count = 0, sum = 0, squares = 0;
        for (var value = 0; value < 256; value++)
        {
            var x = value / 255.0;
            count += histogram[value];
            sum += histogram[value] * x;
            squares += histogram[value] * x * x;
        }

        var mean = sum / count;
        var std = Math.Sqrt(Math.Max(squares / count - (mean * mean), 1e-12));
        return ((float)Math.Round(mean, 4), (float)Math.Round(Math.Max(std, 1e-4), 4));
    }
}
