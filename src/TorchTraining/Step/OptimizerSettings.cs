namespace TorchTraining.Step;

/// <summary>
/// The optimizer and its weight decay, as torchvision's train.py takes them (<c>--opt</c>, <c>--lr</c>, <c>--momentum</c>,
/// <c>--wd</c>, <c>--norm-weight-decay</c>, <c>--bias-weight-decay</c>); the defaults are train.py's, except that
/// normalisation-layer parameters and biases get no weight decay unless asked.
/// </summary>
public sealed record OptimizerSettings
{
    /// <summary>SGD (the default) or AdamW.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Sgd;

    /// <summary>The base learning rate (before warm-up, decay and the backbone scale); default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD momentum; default 0.9. Ignored by AdamW.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Whether SGD uses Nesterov momentum (torchvision's <c>--opt sgd_nesterov</c>); default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay of all other parameters: L2 added to the gradient for SGD, decoupled for AdamW; default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>
    /// Weight decay of the parameters of normalisation layers (BatchNorm, GroupNorm, LayerNorm, InstanceNorm);
    /// default 0. Null: the same as <see cref="WeightDecay"/> (torchvision's default, no separate group).
    /// </summary>
    public double? NormWeightDecay { get; init; } = 0.0;

    /// <summary>
    /// Weight decay of every parameter named <c>bias</c>, normalisation layers' included (it takes precedence over
    /// <see cref="NormWeightDecay"/>, as in torchvision); default 0. Null: no separate group.
    /// </summary>
    public double? BiasWeightDecay { get; init; } = 0.0;

    /// <summary>AdamW's first-moment decay; default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's second-moment decay; default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW's denominator epsilon; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    internal void Validate()
    {
        OptionGuard.Require(LearningRate > 0 && double.IsFinite(LearningRate), "Optimizer.LearningRate", "a positive finite number", LearningRate);
        OptionGuard.Require(Momentum >= 0 && Momentum < 1, "Optimizer.Momentum", "in [0, 1)", Momentum);
        OptionGuard.Require(!Nesterov || Kind != OptimizerKind.Sgd || Momentum > 0, "Optimizer.Momentum", "above 0 with Nesterov", Momentum);
        OptionGuard.RequireFinite(WeightDecay, 0, "Optimizer.WeightDecay");
        OptionGuard.Require(NormWeightDecay is not { } norm || (double.IsFinite(norm) && norm >= 0), "Optimizer.NormWeightDecay", "null or a finite number >= 0", NormWeightDecay);
        OptionGuard.Require(BiasWeightDecay is not { } bias || (double.IsFinite(bias) && bias >= 0), "Optimizer.BiasWeightDecay", "null or a finite number >= 0", BiasWeightDecay);
        OptionGuard.Require(Beta1 >= 0 && Beta1 < 1, "Optimizer.Beta1", "in [0, 1)", Beta1);
        OptionGuard.Require(Beta2 >= 0 && Beta2 < 1, "Optimizer.Beta2", "in [0, 1)", Beta2);
        OptionGuard.Require(Epsilon > 0 && double.IsFinite(Epsilon), "Optimizer.Epsilon", "a positive finite number", Epsilon);
    }
}
