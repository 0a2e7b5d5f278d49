namespace ShuffleNet.Torch.Classification;

/// <summary>One of the top-k classes for an image.</summary>
/// <param name="Index">The class index (logit position).</param>
/// <param name="Label">The class name, or null when no names were given and the model does not have 1,000 classes.</param>
/// <param name="Probability">The softmax probability of the class, in [0, 1].</param>
public sealed record ClassPrediction(int Index, string? Label, float Probability);
