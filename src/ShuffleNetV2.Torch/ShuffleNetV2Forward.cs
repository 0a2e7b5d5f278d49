using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>The network-level forward, shared by <see cref="ShuffleNetV2"/> and <see cref="FusedShuffleNetV2"/>.</summary>
internal static class ShuffleNetV2Forward
{
    /// <summary>conv1 → maxpool → inverted_block → conv5 → mean over height and width → fc. Call inside a dispose scope.</summary>
    public static Tensor Run(
        Tensor input,
        nn.Module<Tensor, Tensor> conv1,
        nn.Module<Tensor, Tensor> maxpool,
        nn.Module<Tensor, Tensor> invertedBlock,
        nn.Module<Tensor, Tensor> conv5,
        nn.Module<Tensor, Tensor> fc)
    {
        var x = conv1.call(input);
        x = maxpool.call(x);
        x = invertedBlock.call(x);
        x = conv5.call(x);
        x = x.mean([2, 3]);
        return fc.call(x);
    }
}
