using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using TorchTraining.Loading;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>
/// One optimisation step, kept lean: forward, label-smoothed cross-entropy, one read of the loss (to stop on NaN and to
/// report it), backward, optional clipping, the optimizer's update, the EMA update when due, and the top-1 hits added
/// into a tensor on the device (read once per epoch). Every temporary lives in the step's dispose scope.
/// </summary>
internal sealed class TrainingStep
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly IReadOnlyList<ParameterGroup> _groups;
    private readonly LearningRateSchedule _schedule;
    private readonly TrainingOptions _options;
    private readonly ExponentialMovingAverage? _ema;
    private readonly Parameter[] _parameters;
    private readonly Device _device;

    public TrainingStep(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, LearningRateSchedule schedule,
        TrainingOptions options, ExponentialMovingAverage? ema, Device device)
    {
        _model = model;
        _optimizer = optimizer;
        _groups = groups;
        _schedule = schedule;
        _options = options;
        _ema = ema;
        _device = device;
        _parameters = groups.SelectMany(g => g.Parameters).ToArray();
    }

    /// <summary>The learning rate of the first parameter group, as last set.</summary>
    public double LearningRate => _optimizer.ParamGroups.First().LearningRate;

    public void SetLearningRates(int position) =>
        OptimizerFactory.SetLearningRates(_optimizer, _groups, _schedule, _options.Optimizer.LearningRate, position);

    /// <summary>Trains on <paramref name="batch"/>; false (and no update) when the loss is not finite.</summary>
    public bool Run(Batch batch, int epoch, int index, Tensor correct, out double loss)
    {
        using var scope = NewDisposeScope();
        if (_schedule.PerIteration)
        {
            SetLearningRates(_schedule.PositionOf(epoch, index));
        }

        var labels = batch.Labels.to(_device);
        var images = batch.Images.to(_device);
        var output = _model.call(_options.ChannelsLast ? TorchShared.ChannelsLast.From(images) : images);
        var criterion = nn.functional.cross_entropy(output, labels, label_smoothing: _options.LabelSmoothing);
        loss = LossValue.Read(criterion);
        if (!double.IsFinite(loss))
        {
            return false;
        }

        _optimizer.zero_grad();
        criterion.backward();
        if (_options.ClipGradNorm is { } maxNorm)
        {
            nn.utils.clip_grad_norm_(_parameters, maxNorm);
        }

        _optimizer.step();
        if (_ema is not null && index % _options.Ema!.Steps == 0)
        {
            _ema.Update(_model);
            if (epoch < _options.Schedule.WarmupEpochs)
            {
                _ema.ResetCount();
            }
        }

        using (no_grad())
        {
            correct.add_(output.argmax(1).eq(labels).sum());
        }

        return true;
    }
}
