using System;
using System.Collections.Generic;
using TorchNativeLoad;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>The five top-level layers of a ShuffleNetV2, as the reference model builds them or with each BatchNorm folded.</summary>
internal sealed record ShuffleNetV2Layers(Sequential Conv1, MaxPool2d Maxpool, Sequential InvertedBlock, Sequential Conv5, Linear Fc)
{
    /// <summary>The reference model's layers for an architecture. Loads the native library first, so a failure says why.</summary>
    public static ShuffleNetV2Layers Build(ShuffleNetV2Architecture architecture, long numClasses)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (numClasses <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"numClasses must be positive, got {numClasses}.");
        }

        LibTorch.EnsureLoaded();
        var channels = architecture.StagesOutChannels;
        return new(
            Sequential(
                Conv2d(InputValidation.ImageChannels, channels[0], kernel_size: 3, stride: 2, padding: 1, bias: false),
                BatchNorm2d(channels[0]),
                ReLU(inplace: true)),
            MaxPool2d(kernel_size: 3, stride: 2, padding: 1),
            Sequential(BuildUnits(architecture)),
            Sequential(
                Conv2d(channels[3], channels[4], kernel_size: 1, stride: 1, padding: 0L, bias: false),
                BatchNorm2d(channels[4]),
                ReLU(inplace: true)),
            Linear(channels[4], numClasses));
    }

    /// <summary>New layers with each BatchNorm folded into the convolution before it; these are left unchanged.</summary>
    public ShuffleNetV2Layers FoldBatchNorms()
    {
        var units = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var (name, unit) in InvertedBlock.named_children())
        {
            units.Add((name, ((InvertedResidual)unit).FoldBatchNorms()));
        }

        return new(
            BatchNormFolding.Fold(Conv1),
            (MaxPool2d)BatchNormFolding.Copy(Maxpool, "maxpool"),
            Sequential(units),
            BatchNormFolding.Fold(Conv5),
            (Linear)BatchNormFolding.Copy(Fc, "fc"));
    }

    private static Module<Tensor, Tensor>[] BuildUnits(ShuffleNetV2Architecture architecture)
    {
        var units = new List<Module<Tensor, Tensor>>(architecture.UnitCount);
        var inputChannels = architecture.StagesOutChannels[0];
        for (var stage = 0; stage < architecture.StagesRepeats.Count; stage++)
        {
            var outputChannels = architecture.StagesOutChannels[stage + 1];
            units.Add(new InvertedResidual(inputChannels, outputChannels, 2));
            for (var i = 1; i < architecture.StagesRepeats[stage]; i++)
            {
                units.Add(new InvertedResidual(outputChannels, outputChannels, 1));
            }

            inputChannels = outputChannels;
        }

        return units.ToArray();
    }
}
