using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace TorchStats;

/// <summary>
/// Maps module types to counters. A type can be counted (a <see cref="LayerCounter{TModule}"/>), ignored on purpose
/// (it does no arithmetic worth counting: zeros, not reported as unsupported) or absent (reported as unsupported).
/// A type without an entry of its own uses the entry of its nearest registered base type.
/// </summary>
/// <remarks>
/// Not thread-safe while being changed; <c>ModelStatistics.Analyze</c> takes a copy, so a registry can be
/// changed between analyses, and shared by concurrent analyses as long as nobody changes it meanwhile.
/// </remarks>
public sealed class CounterRegistry
{
    private readonly Dictionary<Type, LayerCounter<torch.nn.Module>?> _entries;

    /// <summary>An empty registry: every layer type is unsupported until registered.</summary>
    public CounterRegistry()
    {
        _entries = [];
    }

    private CounterRegistry(Dictionary<Type, LayerCounter<torch.nn.Module>?> entries)
    {
        _entries = new Dictionary<Type, LayerCounter<torch.nn.Module>?>(entries);
    }

    /// <summary>The types with a counter.</summary>
    public IReadOnlyCollection<Type> CountedTypes => _entries.Where(e => e.Value is not null).Select(e => e.Key).ToArray();

    /// <summary>The types ignored on purpose.</summary>
    public IReadOnlyCollection<Type> IgnoredTypes => _entries.Where(e => e.Value is null).Select(e => e.Key).ToArray();

    /// <summary>
    /// The default registry: torchstat's rules for every type torchstat counts (see <see cref="CreateTorchstat"/>), the
    /// stated rules of docs/statistics.md for the common types it does not count, and the layers that only move or pass
    /// data ignored on purpose. Counted beyond torchstat: Conv1d, Conv3d, ConvTranspose1d, ConvTranspose3d, BatchNorm1d,
    /// BatchNorm3d, GroupNorm, LayerNorm, InstanceNorm1d/2d/3d, MaxPool1d/3d, AvgPool1d/3d, AdaptiveAvgPool1d/2d/3d,
    /// AdaptiveMaxPool1d/2d/3d, Embedding, Sigmoid, Tanh, SiLU, GELU, Mish, Hardswish, Hardsigmoid, Hardtanh and
    /// Softplus. Ignored on purpose beyond torchstat's: Dropout1d, Dropout3d, AlphaDropout, FeatureAlphaDropout, Unflatten,
    /// ChannelShuffle, PixelShuffle and PixelUnshuffle. MultiheadAttention and the recurrent layers stay unsupported.
    /// Each call returns a new registry that the caller may change.
    /// </summary>
    public static CounterRegistry CreateDefault() => CreateTorchstat()
        .Register<Conv1d>(ConvNdCounter.Count)
        .Register<Conv3d>(ConvNdCounter.Count)
        .Register<ConvTranspose1d>(ConvTransposeNdCounter.Count)
        .Register<ConvTranspose3d>(ConvTransposeNdCounter.Count)
        .Register<BatchNorm1d>(BatchNormNdCounter.Count)
        .Register<BatchNorm3d>(BatchNormNdCounter.Count)
        .Register<GroupNorm>(NormalizationCounter.Count)
        .Register<LayerNorm>(NormalizationCounter.Count)
        .Register<InstanceNorm1d>(NormalizationCounter.Count)
        .Register<InstanceNorm2d>(NormalizationCounter.Count)
        .Register<InstanceNorm3d>(NormalizationCounter.Count)
        .Register<MaxPool1d>(PoolNdCounter.Count)
        .Register<MaxPool3d>(PoolNdCounter.Count)
        .Register<AvgPool1d>(PoolNdCounter.Count)
        .Register<AvgPool3d>(PoolNdCounter.Count)
        .Register<AdaptiveAvgPool1d>(AdaptivePoolCounter.CountAverage)
        .Register<AdaptiveAvgPool2d>(AdaptivePoolCounter.CountAverage)
        .Register<AdaptiveAvgPool3d>(AdaptivePoolCounter.CountAverage)
        .Register<AdaptiveMaxPool1d>(AdaptivePoolCounter.CountMax)
        .Register<AdaptiveMaxPool2d>(AdaptivePoolCounter.CountMax)
        .Register<AdaptiveMaxPool3d>(AdaptivePoolCounter.CountMax)
        .Register<Embedding>(EmbeddingCounter.Count)
        .Register<Sigmoid>(ActivationCounter.Count)
        .Register<Tanh>(ActivationCounter.Count)
        .Register<SiLU>(ActivationCounter.Count)
        .Register<GELU>(ActivationCounter.Count)
        .Register<Mish>(ActivationCounter.Count)
        .Register<Hardswish>(ActivationCounter.Count)
        .Register<Hardsigmoid>(ActivationCounter.Count)
        .Register<Hardtanh>(ActivationCounter.Count)
        .Register<Softplus>(ActivationCounter.Count)
        .Ignore<Dropout1d>()
        .Ignore<Dropout3d>()
        .Ignore<AlphaDropout>()
        .Ignore<FeatureAlphaDropout>()
        .Ignore<Unflatten>()
        .Ignore<ChannelShuffle>()
        .Ignore<PixelShuffle>()
        .Ignore<PixelUnshuffle>();

    /// <summary>
    /// Exactly torchstat 0.0.7's coverage: its rules for Conv2d, ConvTranspose2d, BatchNorm2d, MaxPool2d, AvgPool2d,
    /// ReLU, ReLU6, LeakyReLU, ELU, PReLU, Softmax, Linear and Upsample, and Dropout, Dropout2d, Identity, Flatten and
    /// Sequential (an empty Sequential is an identity) ignored on purpose. Every other type, Sigmoid, Tanh and
    /// AdaptiveAvgPool2d included, is unsupported, as torchstat reports it. Use it to reproduce torchstat's totals on
    /// a model with layers torchstat does not count. Each call returns a new registry that the caller may change.
    /// </summary>
    public static CounterRegistry CreateTorchstat() => new CounterRegistry()
        .Register<Conv2d>(Conv2dCounter.Count)
        .Register<ConvTranspose2d>(ConvTranspose2dCounter.Count)
        .Register<BatchNorm2d>(BatchNorm2dCounter.Count)
        .Register<MaxPool2d>(MaxPool2dCounter.Count)
        .Register<AvgPool2d>(AvgPool2dCounter.Count)
        .Register<ReLU>(ReLUCounter.Count)
        .Register<ReLU6>(ReLUCounter.Count)
        .Register<LeakyReLU>(ElementwiseActivationCounter.Count)
        .Register<ELU>(ElementwiseActivationCounter.Count)
        .Register<PReLU>(PReLUCounter.Count)
        .Register<Softmax>(SoftmaxCounter.Count)
        .Register<Linear>(LinearCounter.Count)
        .Register<Upsample>(UpsampleCounter.Count)
        .Ignore<Dropout>()
        .Ignore<Dropout2d>()
        .Ignore<Identity>()
        .Ignore<Flatten>()
        .Ignore<Sequential>();

    /// <summary>Counts <typeparamref name="TModule"/> (and its subclasses without an entry) with <paramref name="counter"/>, replacing any entry.</summary>
    /// <returns>This registry, for chaining.</returns>
    public CounterRegistry Register<TModule>(LayerCounter<TModule> counter)
        where TModule : torch.nn.Module
    {
        ArgumentNullException.ThrowIfNull(counter);
        _entries[typeof(TModule)] = (module, call) => counter((TModule)module, call);
        return this;
    }

    /// <summary>Counts <paramref name="moduleType"/> with <paramref name="counter"/>, replacing any entry.</summary>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="moduleType"/> is not a TorchSharp module type.</exception>
    public CounterRegistry Register(Type moduleType, LayerCounter<torch.nn.Module> counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        _entries[RequireModuleType(moduleType)] = counter;
        return this;
    }

    /// <summary>Marks <typeparamref name="TModule"/> as ignored on purpose: zeros in its rows, not reported as unsupported.</summary>
    /// <returns>This registry, for chaining.</returns>
    public CounterRegistry Ignore<TModule>()
        where TModule : torch.nn.Module => Ignore(typeof(TModule));

    /// <summary>Marks <paramref name="moduleType"/> as ignored on purpose.</summary>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="moduleType"/> is not a TorchSharp module type.</exception>
    public CounterRegistry Ignore(Type moduleType)
    {
        _entries[RequireModuleType(moduleType)] = null;
        return this;
    }

    /// <summary>Removes the entry of exactly <paramref name="moduleType"/>; the type then falls back to its base types or is unsupported.</summary>
    /// <returns>Whether there was an entry.</returns>
    public bool Remove(Type moduleType) => _entries.Remove(RequireModuleType(moduleType));

    /// <summary>A copy that later changes to this registry do not affect.</summary>
    public CounterRegistry Clone() => new(_entries);

    /// <summary>The entry that applies to <paramref name="moduleType"/>: its own, or its nearest base type's.</summary>
    internal (bool Found, LayerCounter<torch.nn.Module>? Counter) Resolve(Type moduleType)
    {
        for (var type = moduleType; type is not null; type = type.BaseType)
        {
            if (_entries.TryGetValue(type, out var counter))
            {
                return (true, counter);
            }
        }

        return (false, null);
    }

    private static Type RequireModuleType(Type moduleType)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        if (!typeof(torch.nn.Module).IsAssignableFrom(moduleType))
        {
            throw new ArgumentException($"{moduleType.FullName} is not a TorchSharp module type (torch.nn.Module).", nameof(moduleType));
        }

        return moduleType;
    }
}
