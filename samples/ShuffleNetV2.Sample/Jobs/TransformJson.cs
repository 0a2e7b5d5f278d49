using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>An evaluation transform as the JSON results print it: size [H, W], resize (null for none), mean and std.</summary>
internal static class TransformJson
{
    public static object Of(ImageClassificationTransform transform) =>
        new { size = new[] { transform.CropHeight, transform.CropWidth }, resize = transform.ResizeSize, mean = transform.Mean, std = transform.Std };
}
