using System;
using TorchTraining.Datasets;

namespace TorchTraining.Runs;

/// <summary>The mean and standard deviation of a dataset's pixel values scaled to [0, 1] (<see cref="PresetNormalization.TrainingImages"/>).</summary>
internal static class GreyStatistics
{
    /// <summary>Over every value of every image (all channels together), rounded to 4 decimals; the std is at least 1e-4.</summary>
    public static (float Mean, float Std) Of(IImageDataset images)
    {
        // A histogram of the 256 byte values: exact sums whatever the image count, one pass, no floating-point drift.
        var histogram = new long[256];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images.Get(i).Image;
            foreach (var pixel in image.Pixels.AsSpan(0, image.Width * image.Height * image.Channels))
            {
                histogram[pixel]++;
            }
        }

        double count = 0, sum = 0, squares = 0;
        for (var value = 0; value < 256; value++)
        {
            var x = value / 255.0;
            count += histogram[value];
            sum += histogram[value] * x;
            squares += histogram[value] * x * x;
        }

        if (count == 0)
        {
            throw new ArgumentException("The training images hold no pixels: their mean and std cannot be computed.", nameof(images));
        }

        var mean = sum / count;
        var std = Math.Sqrt(Math.Max((squares / count) - (mean * mean), 1e-12));
        return ((float)Math.Round(mean, 4), (float)Math.Round(Math.Max(std, 1e-4), 4));
    }
}
