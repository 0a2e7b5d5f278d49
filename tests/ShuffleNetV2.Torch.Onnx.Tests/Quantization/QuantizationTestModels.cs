using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNet.Torch.Measurement;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Tests.Quantization;

/// <summary>A small ShuffleNetV2 with trained-like weights, and image-like batches to calibrate and check it on.</summary>
internal static class QuantizationTestModels
{
    public const int ImageSize = 64;
    public const int Classes = 10;

    /// <summary>
    /// Stages of 2, 3 and 2 units, channels 24-48-96-192-512: every kind of layer (both unit kinds, split, concatenation,
    /// shuffle, pooling, fc), small enough for fast tests. Convolutions get He (Kaiming) normal weights, which keep the
    /// activations' scale from layer to layer (TorchSharp's default initialisation shrinks it until the logits no
    /// longer depend on the image), <c>fc</c> PyTorch's default uniform ones, BatchNorms trained-like statistics. Every
    /// number comes from generators of its own, so tests running in parallel (sharing the global one) get the same model.
    /// </summary>
    public static ShuffleNetV2 Small(int seed = 3)
    {
        var model = ShuffleNetV2.Create([2, 3, 2], [24, 48, 96, 192, 512], numClasses: Classes);
        var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var conv in model.modules().OfType<Conv2d>())
            {
                var fanIn = conv.weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                using var weight = randn(conv.weight.shape, generator: generator).mul_(Math.Sqrt(2.0 / fanIn));
                conv.weight.copy_(weight);
            }

            var fc = (Linear)model.named_children().Single(c => c.name == "fc").module;
            var bound = 1 / Math.Sqrt(fc.in_features);
            using var fcWeight = rand(fc.weight.shape, generator: generator).mul_(2 * bound).sub_(bound);
            using var fcBias = rand(fc.bias!.shape, generator: generator).mul_(2 * bound).sub_(bound);
            fc.weight.copy_(fcWeight);
            fc.bias.copy_(fcBias);
        }

        TrainedLikeBatchNorm.Apply(model, seed: seed + 100);
        model.eval();
        return model;
    }

    /// <summary>Batches of smooth synthetic images; each is disposed once the next is asked for.</summary>
    public static IEnumerable<Tensor> Batches(int count, int batchSize = 8, int size = ImageSize, int seed = 10)
    {
        for (var i = 0; i < count; i++)
        {
            using var batch = SmoothImages.Batch(batchSize, size, size, seed + i);
            yield return batch;
        }
    }
}
