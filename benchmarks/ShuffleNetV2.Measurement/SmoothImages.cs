using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement;

/// <summary>
/// Image-like inputs without image files: smooth colour fields (coarse random colours, upsampled bilinearly) with
/// sharp-edged rectangles and a little pixel noise, in [0, 1], then normalised with ImageNet's mean and std, as an
/// evaluation transform would. Unlike uniform noise they have the spatial correlation, edges and value ranges of
/// photographs, which is what calibrating and checking quantized activations needs.
/// </summary>
public static class SmoothImages
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public static Tensor Batch(int batch, int height, int width, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var coarse = rand([batch, 3, 5, 5], generator: generator);
        var images = nn.functional.interpolate(coarse, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        for (var i = 0; i < batch; i++)
        {
            for (var box = 0; box < 3; box++)
            {
                var top = (long)(rand(1, generator: generator).item<float>() * height * 0.7);
                var left = (long)(rand(1, generator: generator).item<float>() * width * 0.7);
                var boxHeight = 1 + (long)(rand(1, generator: generator).item<float>() * height * 0.3);
                var boxWidth = 1 + (long)(rand(1, generator: generator).item<float>() * width * 0.3);
                var colour = rand([3, 1, 1], generator: generator);
                images[i, TensorIndex.Colon, TensorIndex.Slice(top, top + boxHeight), TensorIndex.Slice(left, left + boxWidth)] = colour.expand(3, boxHeight, boxWidth);
            }
        }

        images = images.add(randn(images.shape, generator: generator).mul_(0.02)).clamp_(0, 1);
        var mean = tensor(Mean).reshape(1, 3, 1, 1);
        var std = tensor(Std).reshape(1, 3, 1, 1);
        return images.sub(mean).div_(std).MoveToOuterDisposeScope();
    }
}
