using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ShuffleNet.Torch;

/// <summary>
/// Builds inference copies of layers: each BatchNorm2d folded into the Conv2d before it (the conv gains a bias and the
/// BatchNorm disappears), every other layer copied. Copies own new tensors on the source's device and dtype, never
/// share them, and do not require gradients. The folding uses the running statistics, i.e. the eval-mode BatchNorm.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>
    /// A new Sequential whose children keep the source's names: a folded conv keeps its own name and its BatchNorm's
    /// name disappears (conv1's "0", "1", "2" become "0", "2").
    /// </summary>
    public static Sequential Fold(Sequential source)
    {
        var children = source.named_children().ToList();
        var folded = new List<(string, Module<Tensor, Tensor>)>(children.Count);
        for (var i = 0; i < children.Count; i++)
        {
            var (name, module) = children[i];
            if (module is Conv2d conv && i + 1 < children.Count && children[i + 1].module is BatchNorm2d batchNorm)
            {
                folded.Add((name, Fold(conv, batchNorm)));
                i++;
                continue;
            }

            folded.Add((name, Copy(module, name)));
        }

        return Sequential(folded);
    }

    /// <summary>A new convolution with bias computing <c>batchNorm(conv(x))</c> of eval mode.</summary>
    public static Conv2d Fold(Conv2d conv, BatchNorm2d batchNorm)
    {
        if (batchNorm.running_mean is null || batchNorm.running_var is null)
        {
            throw new NotSupportedException($"Cannot fold a BatchNorm2d({batchNorm.num_features}) without running statistics (track_running_stats: false) into a convolution.");
        }

        using var noGrad = no_grad();
        var (weight, bias) = nn.utils.fuse_conv_bn_weights(conv.weight, conv.bias, batchNorm.running_mean, batchNorm.running_var, batchNorm.eps, batchNorm.weight, batchNorm.bias);
        var folded = NewConv2d(conv, withBias: true);
        folded.weight = Frozen(weight);
        folded.bias = Frozen(bias);
        return folded;
    }

    /// <summary>A copy of a layer that has no BatchNorm to fold: Conv2d, ReLU, MaxPool2d, Linear or an empty Sequential.</summary>
    public static Module<Tensor, Tensor> Copy(Module module, string name)
    {
        // Under no_grad a clone does not track gradients, so no detach() (whose result would be left for the GC).
        using var noGrad = no_grad();
        switch (module)
        {
            case Conv2d conv:
                var convCopy = NewConv2d(conv, withBias: conv.bias is not null);
                convCopy.weight = Frozen(conv.weight.clone());
                if (conv.bias is not null)
                {
                    convCopy.bias = Frozen(conv.bias.clone());
                }

                return convCopy;
            case ReLU relu:
                return ReLU(relu.inplace);
            case MaxPool2d pool:
                return MaxPool2d(pool.kernel_size, pool.stride, pool.padding, pool.dilation, pool.ceil_mode);
            case Linear linear:
                var linearCopy = Linear(linear.in_features, linear.out_features, hasBias: linear.bias is not null, device: linear.weight.device, dtype: linear.weight.dtype);
                linearCopy.weight = Frozen(linear.weight.clone());
                if (linear.bias is not null)
                {
                    linearCopy.bias = Frozen(linear.bias.clone());
                }

                return linearCopy;
            case Sequential sequential when !sequential.children().Any():
                return Sequential();
            default:
                throw new NotSupportedException($"Cannot make an inference copy of layer '{name}' of type {module.GetType().Name}.");
        }
    }

    private static Conv2d NewConv2d(Conv2d conv, bool withBias)
    {
        if (conv.padding is not { Length: 2 } padding || conv.kernel_size.Length != 2 || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
        {
            throw new NotSupportedException($"Cannot copy a Conv2d({conv.in_channels}, {conv.out_channels}) with symbolic padding or a padding mode other than zeros.");
        }

        // TorchSharp's Conv2d constructor leaves a temporary view of the weight undisposed when it initialises a bias
        // (TorchSharp 0.107, init.CalculateFanInAndFanOut); the scope frees it. Parameters are not owned by scopes.
        using var scope = NewDisposeScope();
        return Conv2d(
            conv.in_channels,
            conv.out_channels,
            (conv.kernel_size[0], conv.kernel_size[1]),
            stride: (conv.stride[0], conv.stride[1]),
            padding: (padding[0], padding[1]),
            dilation: (conv.dilation[0], conv.dilation[1]),
            groups: conv.groups,
            bias: withBias,
            device: conv.weight.device,
            dtype: conv.weight.dtype);
    }

    private static Parameter Frozen(Tensor value) => new(value, requires_grad: false);
}
