using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchTraining.Tests.Support;

/// <summary>
/// A tiny CNN for 1×28×28 images (about 24k parameters): three 3×3 convolutions with BatchNorm and ReLU (16, 32, 64
/// channels, max-pooling after the first two), global average pooling and a linear classifier named fc.
/// </summary>
internal sealed class TinyCnn : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Linear fc;

    private TinyCnn(int classes)
        : base(nameof(TinyCnn))
    {
        conv1 = Conv2d(1, 16, kernel_size: 3, padding: 1, bias: false);
        bn1 = BatchNorm2d(16);
        conv2 = Conv2d(16, 32, kernel_size: 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(32);
        conv3 = Conv2d(32, 64, kernel_size: 3, padding: 1, bias: false);
        bn3 = BatchNorm2d(64);
        fc = Linear(64, classes);
        RegisterComponents();
    }

    /// <summary>A net whose initial weights depend only on <paramref name="seed"/>.</summary>
    public static TinyCnn Create(long seed, int classes = 10)
    {
        random.manual_seed(seed);
        return new TinyCnn(classes);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.max_pool2d(functional.relu(bn1.call(conv1.call(input))), 2);
        x = functional.max_pool2d(functional.relu(bn2.call(conv2.call(x))), 2);
        x = functional.relu(bn3.call(conv3.call(x)));
        x = functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            conv3.Dispose();
            bn3.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
