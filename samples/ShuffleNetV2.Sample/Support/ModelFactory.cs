using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>Builds the model the options ask for, in eval mode on the chosen device.</summary>
internal static class ModelFactory
{
    public static ShuffleNetV2 Create(SampleSettings settings) =>
        Create(settings.Width, settings.Classes, settings.WeightsPath, settings.TorchDevice);

    public static ShuffleNetV2 Create(ShuffleNetV2Width? width, int? classes, string? weightsPath, Device device)
    {
        var model = weightsPath is null
            ? ShuffleNetV2.Create(width ?? SampleSettings.DefaultWidth, classes ?? SampleSettings.DefaultClasses)
            : FromWeights(weightsPath, width, classes);
        model.to(device);
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
