using System;
using System.IO;
using System.Security.Cryptography;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Tests.Weights;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using Snapshot = System.Collections.Generic.Dictionary<string, (TorchSharp.torch.ScalarType DType, long[] Shape, byte[] Bytes)>;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>Entries like torchvision's but published at a test's own URL, and a 0.5× checkpoint to publish there.</summary>
internal static class TestEntries
{
    private static readonly Lazy<(byte[] Bytes, string Prefix, Snapshot Weights)> LazyCheckpoint = new(MakeCheckpoint);

    /// <summary>A 0.5× network's weights in PyTorch's zip format with torchvision's keys, as the 1.5×/2.0× files are.</summary>
    public static byte[] X0_5Checkpoint => LazyCheckpoint.Value.Bytes;

    /// <summary>The first 10 hex digits of <see cref="X0_5Checkpoint"/>'s SHA-256.</summary>
    public static string X0_5Prefix => LazyCheckpoint.Value.Prefix;

    /// <summary>Every parameter and buffer of the network <see cref="X0_5Checkpoint"/> was saved from.</summary>
    public static Snapshot X0_5Weights => LazyCheckpoint.Value.Weights;

    /// <summary>An entry for the 0.5× width at <paramref name="url"/>, otherwise as torchvision's.</summary>
    public static ShuffleNetV2Weights At(Uri url, ShuffleNetV2Width width = ShuffleNetV2Width.X0_5)
    {
        var real = ShuffleNetV2Weights.Default(width);
        return new ShuffleNetV2Weights(width, "TEST", url, CheckpointFormat.PyTorchZip, real.NumParams, real.GFlops, real.FileSizeMB, real.Acc1, real.Acc5,
            real.Recipe, real.Transforms);
    }

    private static (byte[] Bytes, string Prefix, Snapshot Weights) MakeCheckpoint()
    {
        using var temp = new WeightsFixtures.TempDirectory();
        using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5);
        var path = temp.File("x0_5.pth");
        model.SaveWeights(path, CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
        var bytes = File.ReadAllBytes(path);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes))[..10], WeightsFixtures.Snapshot(model));
    }
}
