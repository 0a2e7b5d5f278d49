using ShuffleNet.Torch.Imaging;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The evaluation transform classify applies: the registry entry's when the weights are one (resize 232 for
/// torchvision's 1.5× and 2.0× weights, 256 for 0.5× and 1.0×), else the default (resize 256, crop 224); --resize and
/// --crop replace its sizes.
/// </summary>
internal static class InputTransform
{
    /// <exception cref="UsageException">The crop would not fit in the resized image.</exception>
    public static ImageClassificationTransform For(ShuffleNetV2Weights? entry, int? resize, int? crop)
    {
        var basis = entry?.Transforms ?? ImageNetPreprocessing.DefaultTransform;
        if (resize is null && crop is null)
        {
            return basis;
        }

        var (newResize, newCrop) = (resize ?? basis.ResizeSize, crop ?? basis.CropSize);
        if (newResize < newCrop)
        {
            var source = entry is null ? "the default transform's" : $"{entry.Name}'s transform's";
            throw new UsageException(resize is not null && crop is not null
                ? $"--resize {newResize} is smaller than --crop {newCrop}: the centre crop must fit inside the resized image."
                : resize is not null
                    ? $"--resize {newResize} is smaller than {source} crop {newCrop}: give --crop {newResize} or less, or a larger --resize."
                    : $"--crop {newCrop} is larger than {source} resize {newResize}: give --resize {newCrop} or more, or a smaller --crop.");
        }

        return new ImageClassificationTransform(newCrop, newResize, basis.Mean, basis.Std, basis.Interpolation);
    }
}
