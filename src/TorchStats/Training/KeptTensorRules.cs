using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>Where a tensor kept for backward comes from.</summary>
internal enum KeptSource
{
    /// <summary>The layer's input: counted by its storage, once however many layers keep it.</summary>
    Input,

    /// <summary>The layer's output: counted by its storage, once however many layers keep it.</summary>
    Output,

    /// <summary>A tensor of the layer's own (indices, statistics, a mask): counted for each call.</summary>
    Own,
}

/// <summary>One tensor a layer keeps for backward; <see cref="Bytes"/> only for <see cref="KeptSource.Own"/>.</summary>
internal readonly record struct KeptTensor(KeptSource Source, long Bytes = 0, bool PerSample = true);

/// <summary>What a call of a layer keeps for its backward, in training mode.</summary>
/// <param name="module">The layer.</param>
/// <param name="call">The call.</param>
/// <param name="weightTrainable">Whether the layer's weight (or, without one, any of its own parameters) is trained.</param>
/// <param name="onCuda">Whether the call ran on a CUDA device (dropout keeps a 1-byte mask there, a full-precision one on CPU).</param>
internal delegate IReadOnlyList<KeptTensor> KeptTensorRule(torch.nn.Module module, TrainingCall call, bool weightTrainable, bool onCuda);

/// <summary>
/// What each layer type keeps for backward when a gradient flows through it, read off PyTorch's autograd formulas
/// (<c>tools/autograd/derivatives.yaml</c>) for the operation the TorchSharp module calls. A type without an entry of its
/// own uses its nearest base type's; a type with none is not modelled (listed in the report).
/// </summary>
internal static class KeptTensorRules
{
    private const long IndexBytes = sizeof(long);
    private static readonly KeptTensor[] Nothing = [];
    private static readonly KeptTensor[] Input = [new(KeptSource.Input)];
    private static readonly KeptTensor[] Output = [new(KeptSource.Output)];

    private static readonly Dictionary<Type, KeptTensorRule> Rules = new()
    {
        // convolution(input, weight, ...): one formula for all gradients, so input and weight are kept whenever a gradient flows.
        [typeof(Convolution)] = (_, _, _, _) => Input,
        [typeof(ConvolutionTranspose)] = (_, _, _, _) => Input,

        // addmm/mm: the input is needed only for the weight's gradient.
        [typeof(Linear)] = (_, _, weightTrainable, _) => weightTrainable ? Input : Nothing,

        // native_batch_norm in training mode: the input, and the batch mean and inverse standard deviation per channel.
        [typeof(BatchNorm)] = (_, call, _, _) => [new(KeptSource.Input), new(KeptSource.Own, 2 * Channels(call) * StatisticBytes(call), PerSample: false)],

        // native_layer_norm and native_group_norm: the input, and a mean and inverse standard deviation per normalized row / group.
        [typeof(LayerNorm)] = (module, call, _, _) =>
            [new(KeptSource.Input), new(KeptSource.Own, 2 * Elements(call.InputShape) / Math.Max(1, ((LayerNorm)module).normalized_shape.Aggregate(1L, (a, b) => a * b)) * StatisticBytes(call))],
        [typeof(GroupNorm)] = (module, call, _, _) => [new(KeptSource.Input), new(KeptSource.Own, 2 * call.InputShape[0] * ((GroupNorm)module).num_groups * StatisticBytes(call))],

        // threshold_backward(grad, result), sigmoid_backward(grad, result), tanh_backward(grad, result), softmax backward: the output.
        [typeof(ReLU)] = (_, _, _, _) => Output,
        [typeof(Sigmoid)] = (_, _, _, _) => Output,
        [typeof(Tanh)] = (_, _, _, _) => Output,
        [typeof(Softmax)] = (_, _, _, _) => Output,
        [typeof(LogSoftmax)] = (_, _, _, _) => Output,

        // hardtanh, leaky_relu, elu: the input, or the result when computed in place.
        [typeof(ReLU6)] = (module, _, _, _) => ((ReLU6)module).inplace ? Output : Input,
        [typeof(Hardtanh)] = (module, _, _, _) => ((Hardtanh)module).inplace ? Output : Input,
        [typeof(LeakyReLU)] = (module, _, _, _) => ((LeakyReLU)module).inplace ? Output : Input,
        [typeof(ELU)] = (module, _, _, _) => ((ELU)module).inplace ? Output : Input,
        [typeof(CELU)] = (module, _, _, _) => ((CELU)module).inplace ? Output : Input,
        [typeof(SELU)] = (module, _, _, _) => ((SELU)module).inplace ? Output : Input,

        // Activations whose gradient is a function of the input.
        [typeof(PReLU)] = (_, _, _, _) => Input,
        [typeof(GELU)] = (_, _, _, _) => Input,
        [typeof(SiLU)] = (_, _, _, _) => Input,
        [typeof(Hardswish)] = (_, _, _, _) => Input,
        [typeof(Hardsigmoid)] = (_, _, _, _) => Input,
        [typeof(Mish)] = (_, _, _, _) => Input,
        [typeof(Softplus)] = (_, _, _, _) => Input,

        // max_pool*_with_indices, adaptive_max_pool*: the input and the int64 indices of the output's size.
        [typeof(MaxPool1d)] = (_, call, _, _) => InputAndIndices(call),
        [typeof(MaxPool2d)] = (_, call, _, _) => InputAndIndices(call),
        [typeof(MaxPool3d)] = (_, call, _, _) => InputAndIndices(call),
        [typeof(AdaptiveMaxPool1d)] = (_, call, _, _) => InputAndIndices(call),
        [typeof(AdaptiveMaxPool2d)] = (_, call, _, _) => InputAndIndices(call),
        [typeof(AdaptiveMaxPool3d)] = (_, call, _, _) => InputAndIndices(call),

        // avg_pool*_backward(grad, self, ...) reads only the input's sizes, but autograd keeps the input tensor.
        [typeof(AvgPool1d)] = (_, _, _, _) => Input,
        [typeof(AvgPool2d)] = (_, _, _, _) => Input,
        [typeof(AvgPool3d)] = (_, _, _, _) => Input,

        // An adaptive average pool to size 1 is computed as a mean, whose gradient needs only sizes; other sizes keep the input.
        [typeof(AdaptiveAvgPool1d)] = (module, _, _, _) => ((AdaptiveAvgPool1d)module).output_size == 1 ? Nothing : Input,
        [typeof(AdaptiveAvgPool2d)] = (module, _, _, _) => ((AdaptiveAvgPool2d)module).output_size.All(s => s == 1) ? Nothing : Input,
        [typeof(AdaptiveAvgPool3d)] = (module, _, _, _) => ((AdaptiveAvgPool3d)module).output_size.All(s => s == 1) ? Nothing : Input,

        // Dropout in training: input × a scaled random mask, kept for backward. libtorch's fused kernel (CUDA) keeps a
        // 1-byte mask; on CPU the mask is a tensor of the input's type. The channel forms draw one value per channel.
        [typeof(Dropout)] = (module, call, _, onCuda) => ((Dropout)module).p == 0 ? Nothing : [new(KeptSource.Own, Elements(call.InputShape) * (onCuda ? 1 : call.InputElementSize))],
        [typeof(Dropout1d)] = (module, call, _, _) => ((Dropout1d)module).p == 0 ? Nothing : ChannelMask(call),
        [typeof(Dropout2d)] = (module, call, _, _) => ((Dropout2d)module).p == 0 ? Nothing : ChannelMask(call),
        [typeof(Dropout3d)] = (module, call, _, _) => ((Dropout3d)module).p == 0 ? Nothing : ChannelMask(call),

        // embedding_backward needs the indices (the input) for the weight's gradient.
        [typeof(Embedding)] = (_, _, weightTrainable, _) => weightTrainable ? Input : Nothing,

        // Views, copies and resamplings whose gradients need only sizes; an empty Sequential is the identity.
        [typeof(Identity)] = (_, _, _, _) => Nothing,
        [typeof(Flatten)] = (_, _, _, _) => Nothing,
        [typeof(Unflatten)] = (_, _, _, _) => Nothing,
        [typeof(ChannelShuffle)] = (_, _, _, _) => Nothing,
        [typeof(Upsample)] = (_, _, _, _) => Nothing,
        [typeof(Sequential)] = (_, _, _, _) => Nothing,
    };

    /// <summary>The rule for <paramref name="moduleType"/> (its own or its nearest base type's), or null when it is not modelled.</summary>
    public static KeptTensorRule? Resolve(Type moduleType)
    {
        for (var type = moduleType; type is not null; type = type.BaseType)
        {
            if (Rules.TryGetValue(type, out var rule))
            {
                return rule;
            }
        }

        return null;
    }

    internal static long Elements(IReadOnlyList<long> shape) => shape.Aggregate(1L, (a, b) => checked(a * b));

    private static long Channels(TrainingCall call) => call.InputShape.Length > 1 ? call.InputShape[1] : 1;

    /// <summary>Batch statistics are computed in the accumulation type: float for 16- and 32-bit inputs, double for double.</summary>
    private static long StatisticBytes(TrainingCall call) => Math.Max(call.InputElementSize, sizeof(float));

    private static KeptTensor[] InputAndIndices(TrainingCall call) => [new(KeptSource.Input), new(KeptSource.Own, Elements(call.OutputShape) * IndexBytes)];

    private static KeptTensor[] ChannelMask(TrainingCall call) => [new(KeptSource.Own, call.InputShape[0] * Channels(call) * call.InputElementSize)];
}
