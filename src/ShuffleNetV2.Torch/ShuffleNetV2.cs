using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>
/// ShuffleNetV2, mirrored one-to-one from the seed's PyTorch <c>ShuffleNetV2</c>: <c>conv1</c> (3×3 stride-2
/// convolution, BatchNorm, ReLU), <c>maxpool</c>, <c>inverted_block</c> (all units in one Sequential), <c>conv5</c>
/// (1×1 convolution, BatchNorm, ReLU), global mean over height and width, <c>fc</c>. The state_dict keys are the
/// seed's (for example <c>inverted_block.0.branch1.0.weight</c>, <c>conv5.1.running_var</c>, <c>fc.bias</c>).
/// </summary>
/// <remarks>
/// Input: tensors of shape [batch, 3, height, width] with the parameters' dtype (float32 unless converted) on the
/// model's device. Any height and width of at least 1 pixel work in eval mode (each down-sampling pads). In training
/// mode batch × ⌈height/32⌉ × ⌈width/32⌉ must be at least 2 — a batch of two or more, or an image larger than 32
/// pixels on one side — because conv5's BatchNorm needs more than one value per channel (libtorch would otherwise turn
/// its running variance into NaN); <see cref="forward"/> throws <see cref="ArgumentException"/> instead.
/// Threading: inference on one shared model in eval mode from several threads is safe (forward reads the weights
/// only). Training, <c>train()</c>/<c>eval()</c>, <c>to()</c>, loading weights, disposing, and a statistics analysis
/// (which hooks the model) must not overlap with other use of the same model.
/// </remarks>
public sealed partial class ShuffleNetV2 : Module<Tensor, Tensor>
{
    // Field names are the state_dict keys and the statistics row names: they stay as the seed spells them.
    private readonly Sequential conv1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential inverted_block;
    private readonly Sequential conv5;
    private readonly Linear fc;
    private bool _disposed;

    /// <summary>The seed's network: the 1.0× width.</summary>
    /// <param name="numClasses">Output classes (positive).</param>
    public ShuffleNetV2(long numClasses = 1000)
        : this(ShuffleNetV2Architecture.X1_0, numClasses)
    {
    }

    /// <summary>A network of any architecture.</summary>
    /// <param name="architecture">Stage repeats and channels; see <see cref="ShuffleNetV2Architecture"/>.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numClasses"/> is not positive.</exception>
    public ShuffleNetV2(ShuffleNetV2Architecture architecture, long numClasses = 1000)
        : base(LibTorch.EnsureLoaded(nameof(ShuffleNetV2)))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (numClasses <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"numClasses must be positive, got {numClasses}.");
        }

        Architecture = architecture;
        NumClasses = numClasses;
        var channels = architecture.StagesOutChannels;

        conv1 = Sequential(
            Conv2d(InputValidation.ImageChannels, channels[0], kernel_size: 3, stride: 2, padding: 1, bias: false),
            BatchNorm2d(channels[0]),
            ReLU(inplace: true));
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        inverted_block = Sequential(BuildUnits(architecture));
        conv5 = Sequential(
            Conv2d(channels[3], channels[4], kernel_size: 1, stride: 1, padding: 0L, bias: false),
            BatchNorm2d(channels[4]),
            ReLU(inplace: true));
        fc = Linear(channels[4], numClasses);

        RegisterComponents();
    }

    /// <summary>The stage repeats and channels this network was built with.</summary>
    public ShuffleNetV2Architecture Architecture { get; }

    /// <summary>The number of output classes.</summary>
    public long NumClasses { get; }

    /// <summary>Creates a network of a preset width.</summary>
    /// <param name="width">0.5×, 1.0× (the seed, default), 1.5× or 2.0×.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    public static ShuffleNetV2 Create(ShuffleNetV2Width width = ShuffleNetV2Width.X1_0, long numClasses = 1000) =>
        new(ShuffleNetV2Architecture.For(width), numClasses);

    /// <summary>Creates a network with custom stage repeats and channels, as torchvision's class takes them.</summary>
    /// <param name="stagesRepeats">Three positive unit counts, e.g. 4, 8, 4.</param>
    /// <param name="stagesOutChannels">Five positive channel counts, e.g. 24, 116, 232, 464, 1024.</param>
    /// <param name="numClasses">Output classes (positive).</param>
    public static ShuffleNetV2 Create(IEnumerable<int> stagesRepeats, IEnumerable<long> stagesOutChannels, long numClasses = 1000) =>
        new(ShuffleNetV2Architecture.Create(stagesRepeats, stagesOutChannels), numClasses);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's shape, dtype or device does not fit the model (the message says which).</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public override Tensor forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        InputValidation.ValidateImageBatch(input, fc.weight, training, nameof(ShuffleNetV2));
        using var scope = NewDisposeScope();
        return ShuffleNetV2Forward.Run(input, conv1, maxpool, inverted_block, conv5, fc).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A new, inference-only form of this network: each BatchNorm folded into the convolution before it, using the
    /// running statistics. Its forward equals this network's forward in eval mode (up to float rounding), with fewer
    /// layers. This network is left unchanged and usable; the two share no tensors, so either can be disposed first.
    /// </summary>
    /// <returns>A <see cref="FusedShuffleNetV2"/> in eval mode on this network's device and dtype, whose parameters do not require gradients.</returns>
    /// <exception cref="ObjectDisposedException">This network has been disposed.</exception>
    public FusedShuffleNetV2 FuseForInference()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var units = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var (name, unit) in inverted_block.named_children())
        {
            units.Add((name, ((InvertedResidual)unit).FoldBatchNorms()));
        }

        var fused = new FusedShuffleNetV2(
            Architecture,
            NumClasses,
            BatchNormFolding.Fold(conv1),
            (MaxPool2d)BatchNormFolding.Copy(maxpool, nameof(maxpool)),
            Sequential(units),
            BatchNormFolding.Fold(conv5),
            (Linear)BatchNormFolding.Copy(fc, nameof(fc)));
        fused.eval();
        return fused;
    }

    /// <summary>Sets training (<see langword="true"/>) or eval mode on this network and every layer; <c>eval()</c> calls this with <see langword="false"/>.</summary>
    /// <param name="train">Training mode if <see langword="true"/>, eval mode otherwise.</param>
    /// <exception cref="ObjectDisposedException">The network has been disposed.</exception>
    public override void train(bool train = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        base.train(train);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            conv1.Dispose();
            maxpool.Dispose();
            inverted_block.Dispose();
            conv5.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Module<Tensor, Tensor>[] BuildUnits(ShuffleNetV2Architecture architecture)
    {
        var units = new List<Module<Tensor, Tensor>>(architecture.UnitCount);
        var inputChannels = architecture.StagesOutChannels[0];
        for (var stage = 0; stage < architecture.StagesRepeats.Count; stage++)
        {
            var outputChannels = architecture.StagesOutChannels[stage + 1];
            units.Add(new InvertedResidual(inputChannels, outputChannels, 2));
            for (var i = 1; i < architecture.StagesRepeats[stage]; i++)
            {
                units.Add(new InvertedResidual(outputChannels, outputChannels, 1));
            }

            inputChannels = outputChannels;
        }

        return units.ToArray();
    }
}
