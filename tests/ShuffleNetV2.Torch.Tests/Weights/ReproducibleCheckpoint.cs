using System.Globalization;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Weights;

/// <summary>
/// Full-width networks holding the values of <see cref="ReproducibleWeights"/> (keyed by torchvision's state_dict key),
/// as tools/reproducible_weights.py fills torchvision's models; also linked into the sample's tests.
/// </summary>
internal static class ReproducibleCheckpoint
{
    /// <summary>Writes the network of <paramref name="width"/> filled by the generator, with the library's writer, in PyTorch's zip format and torchvision's keys.</summary>
    public static void Write(ShuffleNetV2Width width, string path)
    {
        using var model = ShuffleNetV2.Create(width);
        foreach (var (seedKey, tensor) in model.state_dict())
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            tensor.copy_(ReproducibleWeights.Values(TorchvisionKey(seedKey), tensor.shape));
        }

        model.SaveWeights(path, CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
    }

    /// <summary>The test's own mapping for the presets (repeats 4, 8, 4): inverted_block.k -> stage2.k, stage3.(k-4), stage4.(k-12).</summary>
    public static string TorchvisionKey(string seedKey)
    {
        var parts = seedKey.Split('.');
        if (parts[0] != "inverted_block")
        {
            return seedKey;
        }

        var unit = int.Parse(parts[1], CultureInfo.InvariantCulture);
        (parts[0], parts[1]) = unit switch
        {
            < 4 => ("stage2", unit.ToString(CultureInfo.InvariantCulture)),
            < 12 => ("stage3", (unit - 4).ToString(CultureInfo.InvariantCulture)),
            _ => ("stage4", (unit - 12).ToString(CultureInfo.InvariantCulture)),
        };
        return string.Join('.', parts);
    }
}
