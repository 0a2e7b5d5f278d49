using System;

namespace ShuffleNet.Torch.Imaging;

/// <summary>
/// Antialiased bilinear resampling of 8-bit images with the arithmetic of Pillow's <c>Image.resize(size, BILINEAR)</c>
/// (which torchvision's <c>Resize</c> calls on PIL images): a triangle filter widened by the scale factor when
/// shrinking, weights normalised per output pixel and rounded to 22-bit fixed point, a horizontal pass over the rows
/// that the vertical pass needs, rounded to 8 bits, then a vertical pass. Written from that description; on the
/// test images it reproduces Pillow 9.4's output byte for byte.
/// </summary>
internal static class PilBilinearResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double FilterSupport = 1.0;

    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Resize target must be positive, got {width}×{height}.");
        }

        if (width == source.Width && height == source.Height)
        {
            return source;
        }

        var vertical = Weights.For(source.Height, height);
        var image = source;
        if (width != source.Width)
        {
            // Only the rows the vertical pass reads are resampled horizontally.
            var firstRow = vertical.Start[0];
            var endRow = vertical.Start[height - 1] + vertical.Count[height - 1];
            image = Horizontal(source, Weights.For(source.Width, width), firstRow, endRow - firstRow);
            for (var i = 0; i < height; i++)
            {
                vertical.Start[i] -= firstRow;
            }
        }

        return height != source.Height ? Vertical(image, vertical) : image;
    }

    private static RgbImage Horizontal(RgbImage source, Weights weights, int firstRow, int rows)
    {
        var width = weights.Start.Length;
        var output = new byte[width * rows * RgbImage.Channels];
        for (var y = 0; y < rows; y++)
        {
            var rowStart = (y + firstRow) * source.Width * RgbImage.Channels;
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < RgbImage.Channels; c++)
                {
                    var sum = 1 << (PrecisionBits - 1);
                    for (var k = 0; k < weights.Count[x]; k++)
                    {
                        sum += source.Pixels[rowStart + ((weights.Start[x] + k) * RgbImage.Channels) + c] * weights.Fixed[x, k];
                    }

                    output[((y * width) + x) * RgbImage.Channels + c] = Clip8(sum);
                }
            }
        }

        return new RgbImage(width, rows, output);
    }

    private static RgbImage Vertical(RgbImage source, Weights weights)
    {
        var height = weights.Start.Length;
        var rowLength = source.Width * RgbImage.Channels;
        var output = new byte[rowLength * height];
        for (var y = 0; y < height; y++)
        {
            for (var i = 0; i < rowLength; i++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (var k = 0; k < weights.Count[y]; k++)
                {
                    sum += source.Pixels[((weights.Start[y] + k) * rowLength) + i] * weights.Fixed[y, k];
                }

                output[(y * rowLength) + i] = Clip8(sum);
            }
        }

        return new RgbImage(source.Width, height, output);
    }

    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>For each output position: the first input index, how many inputs, and their fixed-point weights.</summary>
    private sealed class Weights
    {
        private Weights(int[] start, int[] count, int[,] fixedPoint)
        {
            Start = start;
            Count = count;
            Fixed = fixedPoint;
        }

        public int[] Start { get; }

        public int[] Count { get; }

        public int[,] Fixed { get; }

        public static Weights For(int inputSize, int outputSize)
        {
            var scale = (double)inputSize / outputSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = FilterSupport * filterScale;
            var maxTaps = ((int)Math.Ceiling(support) * 2) + 1;
            var start = new int[outputSize];
            var count = new int[outputSize];
            var fixedPoint = new int[outputSize, maxTaps];
            var taps = new double[maxTaps];
            var inverseScale = 1.0 / filterScale;
            for (var i = 0; i < outputSize; i++)
            {
                var center = (i + 0.5) * scale;
                var first = Math.Max((int)(center - support + 0.5), 0);
                var end = Math.Min((int)(center + support + 0.5), inputSize);
                var total = 0.0;
                for (var k = 0; k < end - first; k++)
                {
                    taps[k] = Triangle((k + first - center + 0.5) * inverseScale);
                    total += taps[k];
                }

                for (var k = 0; k < end - first; k++)
                {
                    var weight = total != 0.0 ? taps[k] / total : taps[k];
                    fixedPoint[i, k] = (int)(weight < 0 ? -0.5 + (weight * (1 << PrecisionBits)) : 0.5 + (weight * (1 << PrecisionBits)));
                }

                start[i] = first;
                count[i] = end - first;
            }

            return new Weights(start, count, fixedPoint);
        }

        private static double Triangle(double x)
        {
            x = Math.Abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
