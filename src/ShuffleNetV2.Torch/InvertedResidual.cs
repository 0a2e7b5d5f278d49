// Ported from torchvision's models/shufflenetv2.py (https://github.com/pytorch/vision, BSD-3-Clause licence), in the reference model's form.
using System;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>
/// The ShuffleNetV2 unit, built exactly as the reference model's <c>InvertedResidual</c>. With stride 2 (down-sampling) both
/// branches see the whole input; with stride 1 the input is split in two channel halves, the first passes through
/// <c>branch1</c> (an empty <see cref="TorchSharp.Modules.Sequential"/>, i.e. identity) and the second through <c>branch2</c>.
/// The branches are concatenated and channel-shuffled with 2 groups.
/// </summary>
public sealed class InvertedResidual : Module<Tensor, Tensor>
{
    // Field names are the state_dict keys and the statistics row names: they stay as the reference model spells them.
    private readonly Sequential branch1;
    private readonly Sequential branch2;
    private bool _disposed;

    /// <summary>Creates the unit.</summary>
    /// <param name="inputC">Input channels (positive; equal to <paramref name="outputC"/> when the stride is 1).</param>
    /// <param name="outputC">Output channels (positive and even: each branch produces half).</param>
    /// <param name="stride">1 (keeps the spatial size) or 2 (halves it).</param>
    /// <exception cref="ArgumentException">An argument breaks one of the rules above.</exception>
    public InvertedResidual(long inputC, long outputC, long stride)
        : base(nameof(InvertedResidual))
    {
        Validate(inputC, outputC, stride);
        InputChannels = inputC;
        OutputChannels = outputC;
        Stride = stride;
        var branchFeatures = outputC / 2;

        // Stride 2: both branches see the whole input. Stride 1: branch1 is the identity on the first half.
        branch1 = stride == 2
            ? Sequential(
                DepthwiseConv(inputC, inputC, kernelSize: 3, stride: stride, padding: 1),
                BatchNorm2d(inputC),
                Conv2d(inputC, branchFeatures, kernel_size: 1, stride: 1, padding: 0L, bias: false),
                BatchNorm2d(branchFeatures),
                ReLU(inplace: true))
            : Sequential();
        branch2 = Sequential(
            Conv2d(stride == 2 ? inputC : branchFeatures, branchFeatures, kernel_size: 1, stride: 1, padding: 0L, bias: false),
            BatchNorm2d(branchFeatures),
            ReLU(inplace: true),
            DepthwiseConv(branchFeatures, branchFeatures, kernelSize: 3, stride: stride, padding: 1),
            BatchNorm2d(branchFeatures),
            Conv2d(branchFeatures, branchFeatures, kernel_size: 1, stride: 1, padding: 0L, bias: false),
            BatchNorm2d(branchFeatures),
            ReLU(inplace: true));

        RegisterComponents();
    }

    // A unit with given branches, for derived forms of the network (see BatchNormFolding): the same forward, other layers.
    private InvertedResidual(long inputC, long outputC, long stride, Sequential branch1, Sequential branch2)
        : base(nameof(InvertedResidual))
    {
        InputChannels = inputC;
        OutputChannels = outputC;
        Stride = stride;
        this.branch1 = branch1;
        this.branch2 = branch2;
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public long InputChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutputChannels { get; }

    /// <summary>The depthwise convolutions' stride: 1 or 2.</summary>
    public long Stride { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        Tensor x1, x2;
        if (Stride == 1)
        {
            var halves = input.chunk(2, dim: 1);
            x1 = branch1.call(halves[0]);
            x2 = branch2.call(halves[1]);
        }
        else
        {
            x1 = branch1.call(input);
            x2 = branch2.call(input);
        }

        // The reference model's cat then channel_shuffle(x, 2), in one copy (the same values).
        return Functional.ConcatenateAndShuffle(x1, x2).MoveToOuterDisposeScope();
    }

    /// <summary>A new unit with each BatchNorm folded into the convolution before it; this unit is left unchanged.</summary>
    internal InvertedResidual FoldBatchNorms()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new InvertedResidual(InputChannels, OutputChannels, Stride, BatchNormFolding.Fold(branch1), BatchNormFolding.Fold(branch2));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            branch1.Dispose();
            branch2.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Conv2d DepthwiseConv(long inputC, long outputC, long kernelSize, long stride, long padding) =>
        Conv2d(inputC, outputC, kernel_size: kernelSize, stride: stride, padding: padding, bias: false, groups: inputC);

    private static void Validate(long inputC, long outputC, long stride)
    {
        if (inputC <= 0)
        {
            throw new ArgumentException($"inputC must be positive, got {inputC}.", nameof(inputC));
        }

        if (outputC <= 0 || outputC % 2 != 0)
        {
            throw new ArgumentException($"outputC must be positive and even (each branch produces half), got {outputC}.", nameof(outputC));
        }

        if (stride != 1 && stride != 2)
        {
            throw new ArgumentException($"stride must be 1 or 2, got {stride}.", nameof(stride));
        }

        if (stride == 1 && inputC != outputC)
        {
            throw new ArgumentException($"With stride 1 the input is split in half, so inputC must equal outputC; got inputC {inputC} and outputC {outputC}.", nameof(inputC));
        }
    }
}
