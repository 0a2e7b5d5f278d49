using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests;

/// <summary>
/// Gives every BatchNorm non-trivial statistics and affine parameters, as training would: with the initial ones
/// (mean 0, variance 1, weight 1, bias 0) folding is almost the identity and a wrong fold would go unnoticed.
/// </summary>
public static class BatchNormStatistics
{
    public static void Perturb(nn.Module model, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var batchNorm in model.modules().OfType<BatchNorm2d>())
        {
            var n = batchNorm.num_features;
            batchNorm.running_mean!.copy_(randn(n, generator: generator).mul_(0.2));
            batchNorm.running_var!.copy_(rand(n, generator: generator).mul_(1.5).add_(0.25));
            batchNorm.weight.copy_(rand(n, generator: generator).mul_(1.0).add_(0.5));
            batchNorm.bias!.copy_(randn(n, generator: generator).mul_(0.2));
        }
    }
}
