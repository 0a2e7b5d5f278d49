using System;

namespace TorchTraining.Step;

/// <summary>
/// The learning rate at every position of training, in closed form: warm-up (PyTorch's LinearLR or ConstantLR), then
/// cosine (CosineAnnealingLR) or step decay (StepLR), joined as SequentialLR joins them (the decay starts from the
/// base rate at the end of the warm-up). Equal to PyTorch 1.13's sequence to rounding (tested against a fixture).
/// </summary>
/// <remarks>
/// Written by hand rather than with TorchSharp's schedulers: those update the optimizer's rates recursively, so a
/// resumed run would need their internal state; a closed form needs only the position.
/// A position counts epochs (the rate of epoch e is at position e) or, per iteration, steps from the start of training.
/// </remarks>
public sealed class LearningRateSchedule
{
    private readonly ScheduleSettings _settings;
    private readonly int _unit;
    private readonly int _warmup;
    private readonly int _decayLength;

    /// <summary>Creates the schedule of a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public LearningRateSchedule(ScheduleSettings settings, int epochs, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        OptionGuard.Require(epochs >= 1, "Epochs", "1 or more", epochs);
        OptionGuard.Require(stepsPerEpoch >= 1, "stepsPerEpoch", "1 or more", stepsPerEpoch);
        settings.Validate(epochs);
        _settings = settings;
        _unit = settings.PerIteration ? stepsPerEpoch : 1;
        _warmup = settings.WarmupEpochs * _unit;
        _decayLength = (epochs * _unit) - _warmup;
        StepsPerEpoch = stepsPerEpoch;
    }

    /// <summary>The steps per epoch the schedule was built for.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Whether the rate changes after every step.</summary>
    public bool PerIteration => _settings.PerIteration;

    /// <summary>The position of step <paramref name="step"/> (0-based) of epoch <paramref name="epoch"/> (0-based).</summary>
    public int PositionOf(int epoch, int step) => _settings.PerIteration ? (epoch * StepsPerEpoch) + step : epoch;

    /// <summary>The learning rate at <paramref name="position"/> of a parameter group whose base rate is <paramref name="baseLearningRate"/>.</summary>
    public double LearningRate(double baseLearningRate, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position < _warmup)
        {
            return _settings.WarmupMethod == WarmupMethod.Linear
                ? baseLearningRate * (_settings.WarmupDecay + ((1 - _settings.WarmupDecay) * position / _warmup))
                : baseLearningRate * _settings.WarmupDecay;
        }

        var t = position - _warmup;
        if (_settings.Decay == LearningRateDecay.Cosine)
        {
            var min = _settings.MinLearningRate;
            return min + ((baseLearningRate - min) * (1 + Math.Cos(Math.PI * t / _decayLength)) / 2);
        }

        return baseLearningRate * Math.Pow(_settings.Gamma, t / (_settings.StepSize * _unit));
    }
}
