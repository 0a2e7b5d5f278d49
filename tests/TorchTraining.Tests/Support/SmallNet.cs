using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchTraining.Tests.Support;

/// <summary>
/// A small image classifier with everything a checkpoint must carry: convolutions with and without bias, BatchNorm
/// (running statistics and num_batches_tracked), dropout (torch's random state) and a classifier named <c>fc</c>.
/// </summary>
internal sealed class SmallNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Dropout drop;
    private readonly Linear fc;

    public SmallNet(int classes = 4, int channels = 1, double dropout = 0.1, int width = 8)
        : base(nameof(SmallNet))
    {
        conv1 = Conv2d(channels, width, kernel_size: 3, padding: 1);
        bn1 = BatchNorm2d(width);
        conv2 = Conv2d(width, 2 * width, kernel_size: 3, stride: 2, padding: 1, bias: false);
        bn2 = BatchNorm2d(2 * width);
        drop = Dropout(dropout);
        fc = Linear(2 * width, classes);
        RegisterComponents();
    }

    /// <summary>A net whose initial weights depend only on <paramref name="seed"/>.</summary>
    public static SmallNet Create(long seed, int classes = 4, double dropout = 0.1)
    {
        random.manual_seed(seed);
        return new SmallNet(classes, dropout: dropout);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(bn1.call(conv1.call(input)));
        x = functional.relu(bn2.call(conv2.call(x)));
        x = functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(drop.call(x)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            drop.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }
}
