using TorchSharp;

namespace ShuffleNet.Torch.Sample;

/// <summary>Builds the model a job asks for, in eval mode on the chosen device.</summary>
internal static class ModelFactory
{
    public static ShuffleNetV2 Create(ModelChoice choice)
    {
        var model = choice.WeightsPath is null
            ? ShuffleNetV2.Create(choice.Width ?? ModelChoice.DefaultWidth, choice.Classes ?? ModelChoice.DefaultClasses)
            : FromWeights(choice.WeightsPath, choice.Width, choice.Classes);
        model.to(choice.TorchDevice);
        model.eval();
        return model;
    }

    /// <summary>The file decides the architecture and class count; --width and --classes, when given, must agree with it.</summary>
    private static ShuffleNetV2 FromWeights(string path, ShuffleNetV2Width? width, int? classes)
    {
        var model = ShuffleNetV2.FromWeights(path);
        if (width is { } w && !model.Architecture.Equals(ShuffleNetV2Architecture.For(w)))
        {
            var found = model.Architecture.Width is { } fileWidth ? $"the {fileWidth.ToText()}x width" : model.Architecture.ToString();
            model.Dispose();
            throw new UsageException($"--width {w.ToText()} does not match the weights file '{path}', which holds {found}; leave out --width to use the file's.");
        }

        if (classes is { } c && c != model.NumClasses)
        {
            var found = model.NumClasses;
            model.Dispose();
            throw new UsageException($"--classes {c} does not match the weights file '{path}', which has {found} classes; leave out --classes to use the file's.");
        }

        return model;
    }
}
