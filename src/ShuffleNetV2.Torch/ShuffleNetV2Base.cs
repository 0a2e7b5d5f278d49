// Ported from torchvision's models/shufflenetv2.py (https://github.com/pytorch/vision, BSD-3-Clause licence), in the reference model's form.
using System;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>
/// What <see cref="ShuffleNetV2"/> and its inference-only form <see cref="FusedShuffleNetV2"/> share: the reference model's
/// top-level layers <c>conv1</c>, <c>maxpool</c>, <c>inverted_block</c>, <c>conv5</c>, <c>fc</c> and the forward
/// conv1 → maxpool → inverted_block → conv5 → mean over height and width → fc.
/// </summary>
public abstract class ShuffleNetV2Base : Module<Tensor, Tensor>
{
    // Field names are the state_dict keys and the statistics row names: they stay as the reference model spells them.
    private protected readonly Sequential conv1;
    private protected readonly MaxPool2d maxpool;
    private protected readonly Sequential inverted_block;
    private protected readonly Sequential conv5;
    private protected readonly Linear fc;

    private protected ShuffleNetV2Base(string name, ShuffleNetV2Architecture architecture, long numClasses, ShuffleNetV2Layers layers)
        : base(name)
    {
        Architecture = architecture;
        NumClasses = numClasses;
        conv1 = layers.Conv1;
        maxpool = layers.Maxpool;
        inverted_block = layers.InvertedBlock;
        conv5 = layers.Conv5;
        fc = layers.Fc;
        RegisterComponents();
    }

    /// <summary>The stage repeats and channels of this network.</summary>
    public ShuffleNetV2Architecture Architecture { get; }

    /// <summary>The number of output classes.</summary>
    public long NumClasses { get; }

    /// <summary>
    /// Whether <see cref="forward"/> runs the layers on channels-last (NHWC) activations: the input is copied into that
    /// memory layout first (unless it has it already), and every convolution, BatchNorm, ReLU, pooling and shuffle
    /// after it keeps the layout, as PyTorch's <c>x.to(memory_format=torch.channels_last)</c> does (TorchSharp has no
    /// memory-format API). The output is the same up to float rounding (oneDNN runs other kernels); the parameters keep
    /// their layout, so saving, loading and exporting are unchanged. Default <see langword="false"/>: the activations
    /// keep the input's layout (contiguous NCHW for a contiguous input). Set it before sharing the network between threads.
    /// </summary>
    public bool ChannelsLast { get; set; }

    /// <summary>Whether <see cref="IDisposable.Dispose"/> has been called; a disposed network's layers hold no weights.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input's shape, dtype or device does not fit the network (the message says which).</exception>
    /// <exception cref="ObjectDisposedException">The network has been disposed.</exception>
    public override Tensor forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        InputValidation.ValidateImageBatch(input, fc.weight, training, GetType().Name);
        using var scope = NewDisposeScope();
        var x = conv1.call(ChannelsLast ? TorchShared.ChannelsLast.From(input) : input);
        x = maxpool.call(x);
        x = inverted_block.call(x);
        x = conv5.call(x);
        x = x.mean([2, 3]);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>Sets training (<see langword="true"/>) or eval mode on this network and every layer; <c>eval()</c> calls this with <see langword="false"/>.</summary>
    /// <param name="train">Training mode if <see langword="true"/>, eval mode otherwise.</param>
    /// <exception cref="ObjectDisposedException">The network has been disposed (the message names it; TorchSharp's own does not).</exception>
    public override void train(bool train = true)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        base.train(train);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !IsDisposed)
        {
            IsDisposed = true;
            conv1.Dispose();
            maxpool.Dispose();
            inverted_block.Dispose();
            conv5.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
