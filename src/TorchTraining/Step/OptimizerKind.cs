namespace TorchTraining.Step;

/// <summary>The optimizers the trainer builds (torchvision's <c>--opt sgd</c>, <c>sgd_nesterov</c> and <c>adamw</c>).</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with momentum (<see cref="OptimizerSettings.Nesterov"/> selects Nesterov momentum).</summary>
    Sgd,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}
