using System;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>Crops and flips of 8-bit images as PIL does them; written by hand because they are a few array copies.</summary>
internal static class ImageGeometry
{
    /// <summary>
    /// The rectangle at (<paramref name="left"/>, <paramref name="top"/>) of size width × height, which may reach outside
    /// the image: the outside is <paramref name="fill"/>. PIL's <c>crop</c> (fill 0), and torchvision's constant
    /// <c>pad</c> followed by a crop that stays inside the padded image (as RandomCrop's and CenterCrop's do), in one pass.
    /// </summary>
    public static ByteImage Crop(ByteImage source, int top, int left, int height, int width, byte fill)
    {
        if (top == 0 && left == 0 && height == source.Height && width == source.Width)
        {
            return source;
        }

        var channels = source.Channels;
        var pixels = new byte[width * height * channels];
        if (fill != 0)
        {
            pixels.AsSpan().Fill(fill);
        }

        var firstColumn = Math.Max(left, 0);
        var endColumn = Math.Min(left + width, source.Width);
        if (endColumn <= firstColumn)
        {
            return new ByteImage(width, height, channels, pixels);
        }

        var length = (endColumn - firstColumn) * channels;
        for (var y = Math.Max(top, 0); y < Math.Min(top + height, source.Height); y++)
        {
            var from = ((y * source.Width) + firstColumn) * channels;
            var to = ((((y - top) * width) + firstColumn - left) * channels);
            Array.Copy(source.Pixels, from, pixels, to, length);
        }

        return new ByteImage(width, height, channels, pixels);
    }

    /// <summary>The mirror image, left to right (PIL's <c>transpose(FLIP_LEFT_RIGHT)</c>).</summary>
    public static ByteImage FlipHorizontally(ByteImage source)
    {
        var channels = source.Channels;
        var input = source.Pixels;
        var pixels = new byte[input.Length];
        for (var y = 0; y < source.Height; y++)
        {
            var row = y * source.RowLength;
            if (channels == 1)
            {
                input.AsSpan(row, source.Width).CopyTo(pixels.AsSpan(row));
                pixels.AsSpan(row, source.Width).Reverse();
                continue;
            }

            for (int from = row, to = row + source.RowLength - 3; to >= row; from += 3, to -= 3)
            {
                pixels[to] = input[from];
                pixels[to + 1] = input[from + 1];
                pixels[to + 2] = input[from + 2];
            }
        }

        return new ByteImage(source.Width, source.Height, channels, pixels);
    }
}
