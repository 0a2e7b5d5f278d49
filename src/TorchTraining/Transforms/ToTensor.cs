using System;
using System.Linq;
using TorchImaging;

namespace TorchTraining.Transforms;

/// <summary>
/// torchvision's <c>ToTensor</c>: an 8-bit image [height, width, channels] to float32 [channels, height, width] in
/// [0, 1] (each byte divided by 255 in float32). With <see cref="Channels"/> = 3 a grey image is replicated to three
/// channels on the way, which gives what torchvision's <c>Grayscale(num_output_channels=3)</c> (or decoding as RGB)
/// before the other transforms would: every transform here treats channels alike, so grey images can stay 1-channel,
/// and fast, until this step.
/// </summary>
public sealed class ToTensor
{
    /// <summary>Creates the conversion.</summary>
    /// <param name="channels">Null: as many channels as the image. 1 or 3: that many; a grey image is replicated to 3 channels,
    /// an RGB image cannot become grey here (decode it as grey instead).</param>
    /// <exception cref="ArgumentOutOfRangeException">The channel count is not null, 1 or 3.</exception>
    public ToTensor(int? channels = null)
    {
        if (channels is not (null or 1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ToTensor gives 1 or 3 channels (or null: as the image).");
        }

        Channels = channels;
    }

    /// <summary>The number of output channels, or null for as many as the image has.</summary>
    public int? Channels { get; }

    /// <summary>The output's channel count for an image.</summary>
    /// <exception cref="ArgumentException">An RGB image and 1 output channel.</exception>
    internal int OutputChannels(ByteImage image)
    {
        var channels = Channels ?? image.Channels;
        return channels >= image.Channels
            ? channels
            : throw new ArgumentException($"ToTensor(channels: 1) got an RGB image ({image}): decode grey images with ColorMode.Gray instead.", nameof(image));
    }

    /// <summary>
    /// Writes the image's values into <paramref name="destination"/> (OutputChannels × height × width values), then
    /// <paramref name="normalize"/>'s if given: both through a table of the 256 possible results per channel, which holds
    /// exactly what the two float32 steps compute one after the other.
    /// </summary>
    internal void Write(ByteImage image, Span<float> destination, Normalize? normalize = null)
    {
        var channels = OutputChannels(image);
        var plane = image.Width * image.Height;
        if (destination.Length != channels * plane)
        {
            throw new ArgumentException($"ToTensor needs {channels * plane} values for {image}, got {destination.Length}.", nameof(destination));
        }

        var tables = normalize?.TablesFor(channels);
        var pixels = image.Pixels.AsSpan(0, plane * image.Channels);
        for (var c = 0; c < channels; c++)
        {
            var table = tables is null ? Scale : tables[c].AsSpan();
            var target = destination.Slice(c * plane, plane);
            if (image.Channels == 1)
            {
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = table[pixels[i]];
                }
            }
            else
            {
                for (int i = 0, source = c; i < target.Length; i++, source += 3)
                {
                    target[i] = table[pixels[source]];
                }
            }
        }
    }

    /// <summary>torchvision's <c>img.float().div(255)</c> for every byte value, in float32.</summary>
    internal static float[] ScaleTable() => [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    private static readonly float[] Scale = ScaleTable();
}
