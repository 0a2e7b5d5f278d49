using System;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>
/// The inference-only form of a <see cref="ShuffleNetV2"/>, made by <see cref="ShuffleNetV2.FuseForInference"/>: every
/// BatchNorm folded into the convolution before it. The layers that remain keep the seed's names, so the module paths
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
public sealed class FusedShuffleNetV2 : Module<Tensor, Tensor>
{
    // Field names are the seed's, as in ShuffleNetV2.
    private readonly Sequential conv1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential inverted_block;
    private readonly Sequential conv5;
    private readonly Linear fc;
    private bool _disposed;

    internal FusedShuffleNetV2(
        ShuffleNetV2Architecture architecture,
        long numClasses,
        Sequential conv1,
        MaxPool2d maxpool,
        Sequential invertedBlock,
        Sequential conv5,
        Linear fc)
        : base(nameof(FusedShuffleNetV2))
    {
        Architecture = architecture;
        NumClasses = numClasses;
        this.conv1 = conv1;
        this.maxpool = maxpool;
        inverted_block = invertedBlock;
        this.conv5 = conv5;
        this.fc = fc;
        RegisterComponents();
    }

    /// <summary>The stage repeats and channels of the network this was made from.</summary>
    public ShuffleNetV2Architecture Architecture { get; }

    /// <summary>The number of output classes.</summary>
    public long NumClasses { get; }

    /// <summary>Whether <see cref="IDisposable.Dispose"/> has been called; a disposed network's layers hold no weights.</summary>
    public bool IsDisposed => _disposed;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The network is in training mode.</exception>
    /// <exception cref="ArgumentException">The input's shape, dtype or device does not fit the network (the message says which).</exception>
    public override Tensor forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(input);
        if (training)
        {
            throw new InvalidOperationException(
                "FusedShuffleNetV2 is inference-only (its BatchNorms are folded into the convolutions) and is in training mode; call eval() on it, or train the unfused ShuffleNetV2 and fuse it again.");
        }

        InputValidation.ValidateImageBatch(input, fc.weight, training: false, nameof(FusedShuffleNetV2));

        using var scope = NewDisposeScope();
        return ShuffleNetV2Forward.Run(input, conv1, maxpool, inverted_block, conv5, fc).MoveToOuterDisposeScope();
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
}
