using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Training;

/// <summary>conv1 (3→4, 3×3, padding 1, no bias) → relu → conv2 (4→2, 1×1, no bias): 108 + 8 = 116 parameters.</summary>
internal sealed class ChainNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;

    public ChainNet()
        : base(nameof(ChainNet))
    {
        conv1 = Conv2d(3, 4, kernel_size: 3, padding: 1, bias: false);
        relu = ReLU();
        conv2 = Conv2d(4, 2, kernel_size: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return conv2.call(relu.call(conv1.call(input))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            relu.Dispose();
            conv2.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// features: conv (3→4, 3×3, padding 1, no bias) → BatchNorm2d(4) → ReLU(inplace) → MaxPool2d(2); then a mean over
/// height and width (outside any module) and fc: Linear(4, 3). Parameters: 108 + 8 + 15 = 131.
/// </summary>
internal sealed class ClassifierNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear fc;

    public ClassifierNet()
        : base(nameof(ClassifierNet))
    {
        features = Sequential(
            Conv2d(3, 4, kernel_size: 3, padding: 1, bias: false),
            BatchNorm2d(4),
            ReLU(inplace: true),
            MaxPool2d(kernel_size: 2));
        fc = Linear(4, 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return fc.call(features.call(input).mean([2, 3])).MoveToOuterDisposeScope();
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
