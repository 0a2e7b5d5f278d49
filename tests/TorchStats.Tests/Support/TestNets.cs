using System;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Support;

/// <summary>
/// The zoo net of tools/make_torchstat_fixtures.py, module for module and name for name: every layer type the helper
/// counts, a ReLU (<c>act</c>) called twice, an empty Sequential that is called and a child (<c>unused</c>) never called.
/// </summary>
internal sealed class ZooNet : Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly ReLU act;
    private readonly Sequential body;
    private readonly Conv2d unused;
    private readonly Sequential up;
    private readonly Sequential head;

    public ZooNet()
        : base(nameof(ZooNet))
    {
        stem = Sequential(
            Conv2d(3, 8, kernel_size: 3, stride: 1, padding: 1, bias: true),
            BatchNorm2d(8),
            ReLU());
        act = ReLU();
        body = Sequential(
            Conv2d(8, 16, kernel_size: 3, stride: 2, padding: 2, dilation: 2, groups: 4, bias: false),
            BatchNorm2d(16, affine: false),
            ReLU6(),
            LeakyReLU(0.1),
            ELU(),
            PReLU(16),
            MaxPool2d(kernel_size: 3, stride: 2, padding: 1),
            AvgPool2d([2, 3], [1, 1], [1, 1]),
            Sequential(),
            Identity(),
            Dropout(0.5),
            Sigmoid(),
            Tanh());
        unused = Conv2d(16, 4, kernel_size: 1);
        up = Sequential(
            ConvTranspose2d(16, 8, kernel_size: 2, stride: 2, bias: true),
            Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest),
            Conv2d(8, 8, kernel_size: (1, 3), padding: (0, 1), groups: 8, bias: true));
        head = Sequential(
            AdaptiveAvgPool2d((2, 2)),
            Flatten(),
            Linear(32, 10),
            Softmax(1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = act.call(stem.call(input));
        x = act.call(up.call(body.call(x)));
        return head.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem.Dispose();
            act.Dispose();
            body.Dispose();
            unused.Dispose();
            up.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>conv → relu → a container step that throws once armed → linear; for the failing-forward tests.</summary>
internal sealed class ThrowingNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear fc;

    public ThrowingNet()
        : base(nameof(ThrowingNet))
    {
        features = Sequential(Conv2d(3, 4, kernel_size: 3, padding: 1), BatchNorm2d(4), ReLU());
        fc = Linear(4, 2);
        RegisterComponents();
    }

    public bool Armed { get; set; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = features.call(input);
        if (Armed)
        {
            throw new InvalidOperationException("ThrowingNet was armed to fail after its features.");
        }

        return fc.call(x.mean([2, 3])).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A leaf whose own forward throws (to check that the failing leaf is named).</summary>
internal sealed class ExplodingLayer : Module<Tensor, Tensor>
{
    public ExplodingLayer()
        : base(nameof(ExplodingLayer))
    {
    }

    public override Tensor forward(Tensor input) => throw new InvalidOperationException("ExplodingLayer always fails.");
}

/// <summary>A leaf type no counter knows, holding a parameter, that doubles its input.</summary>
internal sealed class Doubler : Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter scale;

    public Doubler()
        : base(nameof(Doubler))
    {
        scale = Parameter(ones(3));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input * 2;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An LSTM (a leaf whose call takes and returns tuples) followed by a linear layer on its output.</summary>
internal sealed class LstmHead : Module<Tensor, Tensor>
{
    private readonly LSTM lstm;
    private readonly Linear fc;

    public LstmHead()
        : base(nameof(LstmHead))
    {
        lstm = LSTM(4, 5);
        fc = Linear(5, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (output, _, _) = lstm.call(input, null);
        return fc.call(output).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lstm.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
