using System;
using System.Collections.Generic;
using System.Linq;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Pretrained;

/// <summary>torchvision's four ShuffleNetV2 ImageNet files (torchvision/models/shufflenetv2.py), checked against torchvision 0.14 by the tests.</summary>
public sealed partial class ShuffleNetV2Weights
{
    // All static initializers of the class live in this file: C# runs them in file order, but orders partial files arbitrarily.
    private static readonly Uri PaperRecipe = new("https://github.com/ericsun99/Shufflenet-v2-Pytorch");
    private static readonly Uri NewTrainingRecipe = new("https://github.com/pytorch/vision/pull/5906");

    /// <summary>torchvision's <c>ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1</c> (and <c>DEFAULT</c>): acc@1 60.552, resize 256.</summary>
    public static ShuffleNetV2Weights X0_5_ImageNet1K_V1 { get; } = new(
        ShuffleNetV2Width.X0_5, "IMAGENET1K_V1", new Uri("https://download.pytorch.org/models/shufflenetv2_x0.5-f707e7126e.pth"), CheckpointFormat.PyTorchLegacy,
        numParams: 1_366_792, gflops: 0.04, fileSizeMB: 5.282, acc1: 60.552, acc5: 81.746, PaperRecipe, new ImageClassificationTransform(cropSize: 224));

    /// <summary>torchvision's <c>ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1</c> (and <c>DEFAULT</c>): acc@1 69.362, resize 256.</summary>
    public static ShuffleNetV2Weights X1_0_ImageNet1K_V1 { get; } = new(
        ShuffleNetV2Width.X1_0, "IMAGENET1K_V1", new Uri("https://download.pytorch.org/models/shufflenetv2_x1-5666bf0f80.pth"), CheckpointFormat.PyTorchLegacy,
        numParams: 2_278_604, gflops: 0.145, fileSizeMB: 8.791, acc1: 69.362, acc5: 88.316, PaperRecipe, new ImageClassificationTransform(cropSize: 224));

    /// <summary>torchvision's <c>ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1</c> (and <c>DEFAULT</c>): acc@1 72.996, resize 232.</summary>
    public static ShuffleNetV2Weights X1_5_ImageNet1K_V1 { get; } = new(
        ShuffleNetV2Width.X1_5, "IMAGENET1K_V1", new Uri("https://download.pytorch.org/models/shufflenetv2_x1_5-3c479a10.pth"), CheckpointFormat.PyTorchZip,
        numParams: 3_503_624, gflops: 0.296, fileSizeMB: 13.557, acc1: 72.996, acc5: 91.086, NewTrainingRecipe, new ImageClassificationTransform(cropSize: 224, resizeSize: 232));

    /// <summary>torchvision's <c>ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1</c> (and <c>DEFAULT</c>): acc@1 76.23, resize 232.</summary>
    public static ShuffleNetV2Weights X2_0_ImageNet1K_V1 { get; } = new(
        ShuffleNetV2Width.X2_0, "IMAGENET1K_V1", new Uri("https://download.pytorch.org/models/shufflenetv2_x2_0-8be3c8ee.pth"), CheckpointFormat.PyTorchZip,
        numParams: 7_393_996, gflops: 0.583, fileSizeMB: 28.433, acc1: 76.23, acc5: 93.006, NewTrainingRecipe, new ImageClassificationTransform(cropSize: 224, resizeSize: 232));

    /// <summary>Every entry, narrowest width first.</summary>
    public static IReadOnlyList<ShuffleNetV2Weights> All { get; } = Array.AsReadOnly(new[] { X0_5_ImageNet1K_V1, X1_0_ImageNet1K_V1, X1_5_ImageNet1K_V1, X2_0_ImageNet1K_V1 });

    /// <summary>The best weights for a width (torchvision's <c>DEFAULT</c>): today its only entry, <c>IMAGENET1K_V1</c>.</summary>
    /// <param name="width">A preset.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the presets.</exception>
    public static ShuffleNetV2Weights Default(ShuffleNetV2Width width) =>
        All.FirstOrDefault(e => e.Width == width)
        ?? throw new ArgumentOutOfRangeException(nameof(width), width, $"{width} is not a ShuffleNetV2 width preset.");

    /// <summary>
    /// The entry of a torchvision name, as <c>torchvision.models.get_weight</c> takes it:
    /// <c>ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1</c> or <c>ShuffleNet_V2_X1_5_Weights.DEFAULT</c> (any letter case); null for other names.
    /// </summary>
    /// <param name="name">The name.</param>
    public static ShuffleNetV2Weights? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(e => string.Equals($"ShuffleNet_V2_{e.Width}_Weights.DEFAULT", name, StringComparison.OrdinalIgnoreCase) && Default(e.Width) == e);
    }
}
