using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ShuffleNet.Torch.Classification;

/// <summary>
/// The 1,000 ImageNet class names in the order of torchvision's ImageNet weights (index = logit position), as
/// torchvision 0.14 ships them (<c>ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1.meta["categories"]</c>; made by
/// <c>tools/make_imagenet_classes.py</c>).
/// </summary>
public static class ImageNetClasses
{
    private const string ResourceName = "ShuffleNet.Torch.Classification.imagenet_classes.txt";
    private static readonly Lazy<IReadOnlyList<string>> LazyNames = new(() => Array.AsReadOnly(Load()));

    /// <summary>The class names; <c>Names[i]</c> labels logit i (e.g. 0 "tench", 1 "goldfish").</summary>
    public static IReadOnlyList<string> Names => LazyNames.Value;

    private static string[] Load()
    {
        using var stream = typeof(ImageNetClasses).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToArray();
    }
}
