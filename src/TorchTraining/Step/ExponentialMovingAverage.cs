using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>
/// An exponential moving average of a model's parameters and buffers, as torchvision's
/// <c>ExponentialMovingAverage</c> (an <c>AveragedModel</c> with <c>use_buffers=True</c>): each update sets every
/// averaged tensor to <c>decay * average + (1 - decay) * current</c>, except the first update after a reset, which
/// copies the current values.
/// </summary>
/// <remarks>
/// The average lives in tensors beside the model, on its device, instead of in a second copy of the network, so it works
/// for any architecture; <see cref="CopyTo"/> puts it into a model to evaluate or save it. As in PyTorch 1.13, integer
/// buffers (BatchNorm's <c>num_batches_tracked</c>) go through the same formula in floating point and are truncated back.
/// </remarks>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> _average;
    private bool _disposed;

    /// <summary>Starts an average of <paramref name="model"/>'s current parameters and buffers, with no update counted yet.</summary>
    /// <param name="model">The model to average.</param>
    /// <param name="decay">The weight of the old average in each update, in [0, 1].</param>
    public ExponentialMovingAverage(nn.Module model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        OptionGuard.Require(decay >= 0 && decay <= 1, "decay", "in [0, 1]", decay);
        Decay = decay;
        _average = ModelState.Clone(model);
    }

    /// <summary>The weight of the old average in each update.</summary>
    public double Decay { get; }

    /// <summary>Updates since the start or the last <see cref="ResetCount"/> (PyTorch's <c>n_averaged</c>); the next update copies when it is 0.</summary>
    public long UpdateCount { get; private set; }

    internal IReadOnlyDictionary<string, Tensor> Average => _average;

    /// <summary>Folds <paramref name="model"/>'s current parameters and buffers into the average.</summary>
    public void Update(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (key, current) in model.state_dict())
        {
            if (!_average.TryGetValue(key, out var average))
            {
                throw new ArgumentException($"The model does not fit the moving average: it has '{key}', which the average does not.", nameof(model));
            }

            if (UpdateCount == 0)
            {
                average.copy_(current);
            }
            else if (average.is_floating_point())
            {
                average.mul_(Decay).add_(current, alpha: 1 - Decay);
            }
            else
            {
                average.copy_((average * Decay) + (current * (1 - Decay)));
            }
        }

        UpdateCount++;
    }

    /// <summary>Makes the next update copy the model instead of averaging (train.py does this after every update of the warm-up).</summary>
    public void ResetCount() => UpdateCount = 0;

    /// <summary>Copies the average into <paramref name="model"/>, which must have the same parameters and buffers as the averaged model.</summary>
    /// <exception cref="ArgumentException">The model's state_dict does not fit the average; the message names the first mismatches.</exception>
    public void CopyTo(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var match = ModelState.Match(model, _average);
        if (!match.Fits)
        {
            throw new ArgumentException($"The model does not fit the moving average: {ModelState.Summary(match.Problems)}.", nameof(model));
        }

        match.CopyIntoModule();
    }

    internal void Load(IReadOnlyDictionary<string, Tensor> average, long updateCount)
    {
        using var noGrad = no_grad();
        foreach (var (key, tensor) in _average)
        {
            tensor.copy_(average[key]);
        }

        UpdateCount = updateCount;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ModelState.DisposeAll(_average.Values);
        _average.Clear();
    }
}
