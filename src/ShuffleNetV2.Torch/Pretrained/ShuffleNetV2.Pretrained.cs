using System;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch;

/// <summary>Building a network from published weights, as torchvision's builders do.</summary>
public sealed partial class ShuffleNetV2
{
    /// <summary>
    /// Creates a network of a preset width with published weights, as torchvision's
    /// <c>shufflenet_v2_x1_5(weights=ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1)</c> does: the class count is the
    /// number of the weights' <see cref="ShuffleNetV2Weights.Categories"/>, the file comes from torch.hub's cache
    /// (downloaded into it first when missing, see <see cref="ShuffleNetV2Weights.Download"/>), its SHA-256 is checked
    /// unless <see cref="CheckpointDownloadOptions.VerifyHash"/> is off, and it is loaded strictly.
    /// </summary>
    /// <param name="width">The width; it must be the weights' <see cref="ShuffleNetV2Weights.Width"/>.</param>
    /// <param name="weights">The weights, e.g. <see cref="ShuffleNetV2Weights.X1_5_ImageNet1K_V1"/>; null for a freshly initialised 1,000-class network (torchvision's <c>weights=None</c>).</param>
    /// <param name="download">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <returns>The network in training mode, as any new module; call <c>eval()</c> for inference.</returns>
    /// <exception cref="ArgumentException">The weights are for another width.</exception>
    /// <exception cref="CheckpointDownloadException">The file cannot be downloaded, or the cached file fails its hash check; the message names the URL and the cache path.</exception>
    /// <exception cref="CheckpointFileException">The cached file cannot be read as a checkpoint.</exception>
    /// <exception cref="WeightsMismatchException">The cached file does not fit the network (it is not the published file).</exception>
    public static ShuffleNetV2 Create(ShuffleNetV2Width width, ShuffleNetV2Weights? weights, CheckpointDownloadOptions? download = null)
    {
        var architecture = ShuffleNetV2Architecture.For(width);
        if (weights is null)
        {
            return new ShuffleNetV2(architecture);
        }

        if (weights.Width != width)
        {
            throw new ArgumentException(
                $"{weights.Name} are weights for the {weights.Width.ToText()}x width, not for {width.ToText()}x: use ShuffleNetV2Weights.Default({nameof(ShuffleNetV2Width)}.{width}).",
                nameof(weights));
        }

        var path = weights.Download(download);
        var model = new ShuffleNetV2(architecture, weights.Categories.Count);
        try
        {
            model.LoadWeights(path, new WeightsLoadOptions { Strict = true });
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
