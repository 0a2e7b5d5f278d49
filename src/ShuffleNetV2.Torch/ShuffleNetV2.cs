// Ported from torchvision's models/shufflenetv2.py (https://github.com/pytorch/vision, BSD-3-Clause licence), in the reference model's form.
using System;
using System.Collections.Generic;

namespace ShuffleNet.Torch;

/// <summary>
/// ShuffleNetV2, mirrored one-to-one from the reference model (the PyTorch <c>ShuffleNetV2</c> this library was ported
/// from: torchvision's network with the units of its three stages in one list): <c>conv1</c> (3×3 stride-2
/// convolution, BatchNorm, ReLU), <c>maxpool</c>, <c>inverted_block</c> (all units in one Sequential), <c>conv5</c>
/// (1×1 convolution, BatchNorm, ReLU), global mean over height and width, <c>fc</c>. The state_dict keys are the
/// reference model's (for example <c>inverted_block.0.branch1.0.weight</c>, <c>conv5.1.running_var</c>, <c>fc.bias</c>).
/// </summary>
/// <remarks>
/// Input: tensors of shape [batch, 3, height, width] with the parameters' dtype (float32 unless converted) on the
/// model's device. Any height and width of at least 1 pixel work in eval mode (each down-sampling pads). In training
/// mode batch × ⌈height/32⌉ × ⌈width/32⌉ must be at least 2 — a batch of two or more, or an image larger than 32
/// pixels on one side — because conv5's BatchNorm needs more than one value per channel (libtorch would otherwise turn
/// its running variance into NaN); <see cref="ShuffleNetV2Base.forward"/> throws <see cref="ArgumentException"/> instead.
/// Threading: inference on one shared model in eval mode from several threads is safe (forward reads the weights
/// only). Training, <c>train()</c>/<c>eval()</c>, <c>to()</c>, loading weights, disposing, and a statistics analysis
/// (which hooks the model) must not overlap with other use of the same model.
/// </remarks>
public sealed partial class ShuffleNetV2 : ShuffleNetV2Base
{
    /// <summary>The reference model's network: the 1.0× width.</summary>
    /// <param name="numClasses">Output classes (positive).</param>
    public ShuffleNetV2(long numClasses = 1000)
        : this(ShuffleNetV2Architecture.X1_0, numClasses)
    {
    }

    /// <summary>A network of any architecture.</summary>
    /// <param name="architecture">Stage repeats and channels; see <see cref="ShuffleNetV2Architecture"/>.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is not positive.</exception>
    /// <exception cref="TorchNativeLoad.TorchSharpLoadException">TorchSharp's native libraries cannot be loaded; the message says why.</exception>
    public ShuffleNetV2(ShuffleNetV2Architecture architecture, long numClasses = 1000)
        : base(nameof(ShuffleNetV2), architecture, numClasses, ShuffleNetV2Layers.Build(architecture, numClasses))
    {
    }

    /// <summary>Creates a network of a preset width.</summary>
    /// <param name="width">0.5×, 1.0× (the reference model's, default), 1.5× or 2.0×.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    public static ShuffleNetV2 Create(ShuffleNetV2Width width = ShuffleNetV2Width.X1_0, long numClasses = 1000) =>
        new(ShuffleNetV2Architecture.For(width), numClasses);

    /// <summary>Creates a network with custom stage repeats and channels, as torchvision's class takes them.</summary>
    /// <param name="stagesRepeats">Three positive unit counts, e.g. 4, 8, 4.</param>
    /// <param name="stagesOutChannels">Five positive channel counts, e.g. 24, 116, 232, 464, 1024.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    public static ShuffleNetV2 Create(IEnumerable<int> stagesRepeats, IEnumerable<long> stagesOutChannels, long numClasses = 1000) =>
        new(ShuffleNetV2Architecture.Create(stagesRepeats, stagesOutChannels), numClasses);

    /// <summary>
    /// A new, inference-only form of this network: each BatchNorm folded into the convolution before it, using the
    /// running statistics. Its forward equals this network's forward in eval mode (up to float rounding), with fewer
    /// layers. This network is left unchanged and usable; the two share no tensors, so either can be disposed first.
    /// </summary>
    /// <returns>
    /// A <see cref="FusedShuffleNetV2"/> in eval mode on this network's device and dtype, whose parameters do not require
    /// gradients, with this network's <see cref="ShuffleNetV2Base.ChannelsLast"/>.
    /// </returns>
    /// <exception cref="ObjectDisposedException">This network has been disposed.</exception>
    public FusedShuffleNetV2 FuseForInference()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var fused = new FusedShuffleNetV2(Architecture, NumClasses, new ShuffleNetV2Layers(conv1, maxpool, inverted_block, conv5, fc).FoldBatchNorms());
        fused.eval();
        fused.ChannelsLast = ChannelsLast;
        return fused;
    }
}
