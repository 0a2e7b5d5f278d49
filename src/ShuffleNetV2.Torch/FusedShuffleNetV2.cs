using System;
using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>
/// The inference-only form of a <see cref="ShuffleNetV2"/>, made by <see cref="ShuffleNetV2.FuseForInference"/>: every
/// BatchNorm folded into the convolution before it. The layers that remain keep the reference model's names, so the module paths
/// read as in the source network with the BatchNorm entries gone: <c>conv1</c> holds <c>0</c> (the convolution, now
/// with bias) and <c>2</c> (ReLU); a stride-2 unit's <c>branch1</c> holds <c>0</c>, <c>2</c>, <c>4</c> and its
/// <c>branch2</c> holds <c>0</c>, <c>2</c>, <c>3</c>, <c>5</c>, <c>7</c>; the units are <see cref="InvertedResidual"/>s
/// with the same split, concatenation and channel shuffle.
/// </summary>
/// <remarks>
/// Inference only: there are no BatchNorm layers left to train, so <see cref="forward"/> throws in training mode.
/// The network is returned in eval mode; keep it there. Any input of at least 1×1 pixels works. Inference on one shared
/// network from several threads is safe; disposing it must not overlap with other use.
/// </remarks>
public sealed class FusedShuffleNetV2 : ShuffleNetV2Base
{
    internal FusedShuffleNetV2(ShuffleNetV2Architecture architecture, long numClasses, ShuffleNetV2Layers foldedLayers)
        : base(nameof(FusedShuffleNetV2), architecture, numClasses, foldedLayers)
    {
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The network is in training mode.</exception>
    public override Tensor forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (training)
        {
            throw new InvalidOperationException(
                "FusedShuffleNetV2 is inference-only (its BatchNorms are folded into the convolutions) and is in training mode; call eval() on it, or train the unfused ShuffleNetV2 and fuse it again.");
        }

        return base.forward(input);
    }
}
