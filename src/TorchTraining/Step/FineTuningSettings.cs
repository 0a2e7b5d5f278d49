namespace TorchTraining.Step;

/// <summary>
/// Fine-tuning of a classifier whose last layer is named by a prefix: optionally the rest of the network (the backbone)
/// is frozen for the first epochs, and optionally it learns at a smaller rate. Both work through parameter groups.
/// </summary>
/// <param name="ClassifierPrefix">
/// The start of the names of the classifier's parameters, e.g. <c>"fc."</c> for <c>fc.weight</c> and <c>fc.bias</c>.
/// Every other trainable parameter belongs to the backbone.
/// </param>
public sealed record FineTuningSettings(string ClassifierPrefix)
{
    /// <summary>
    /// Epochs at the start during which only the classifier learns: the backbone's parameters need no gradient and
    /// the optimizer leaves them (and their state) alone; default 0. Its BatchNorm layers still update their running
    /// statistics, as they do in PyTorch when parameters are frozen with <c>requires_grad_(False)</c>.
    /// </summary>
    public int FreezeBackboneEpochs { get; init; }

    /// <summary>The backbone's learning rate as a multiple of the classifier's; default 1.</summary>
    public double BackboneLearningRateScale { get; init; } = 1.0;

    internal void Validate()
    {
        OptionGuard.Require(!string.IsNullOrEmpty(ClassifierPrefix), "FineTuning.ClassifierPrefix", "a non-empty parameter-name prefix such as \"fc.\"", ClassifierPrefix);
        OptionGuard.Require(FreezeBackboneEpochs >= 0, "FineTuning.FreezeBackboneEpochs", "0 or more", FreezeBackboneEpochs);
        OptionGuard.Require(double.IsFinite(BackboneLearningRateScale) && BackboneLearningRateScale > 0, "FineTuning.BackboneLearningRateScale", "a positive finite number", BackboneLearningRateScale);
    }
}
