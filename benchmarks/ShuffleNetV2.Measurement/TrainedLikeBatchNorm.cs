using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Measurement;

/// <summary>
/// Gives every BatchNorm statistics and affine parameters away from their initial values (mean 0, variance 1,
/// weight 1, bias 0), as training would: with the initial ones folding is almost the identity, a wrong fold would go
/// unnoticed, and two engines' logits would agree even if their weights did not.
/// </summary>
public static class TrainedLikeBatchNorm
{
    public static void Apply(nn.Module model, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var batchNorm in model.modules().OfType<BatchNorm2d>())
        {
            var n = batchNorm.num_features;
            batchNorm.running_mean!.copy_(randn(n, generator: generator).mul_(0.2));
            batchNorm.running_var!.copy_(rand(n, generator: generator).mul_(1.5).add_(0.25));
            batchNorm.weight.copy_(rand(n, generator: generator).add_(0.5));
            batchNorm.bias!.copy_(randn(n, generator: generator).mul_(0.2));
        }
    }
}
