using ShuffleNet.Torch.Classifier;
using TorchSharp;

namespace ShuffleNet.Torch.Sample;

/// <summary>Builds or loads the model a job asks for, in eval mode on the chosen device.</summary>
internal static class ModelFactory
{
    /// <summary>A network with random weights of the chosen width and class count.</summary>
    public static ShuffleNetV2 Create(ModelChoice choice)
    {
        var model = ShuffleNetV2.Create(choice.Width ?? ModelChoice.DefaultWidth, choice.Classes ?? ModelChoice.DefaultClasses);
        model.to(choice.TorchDevice);
        model.eval();
        return model;
    }

    /// <summary>
    /// The classifier of --weights (a run folder, a weights file, a checkpoint, an ONNX file where <paramref name="onnxAllowed"/>)
    /// with its model card; --width and --classes, when given, must agree with it. Without --weights: random weights, no card.
    /// </summary>
    public static ShuffleNetV2Classifier Open(ModelChoice choice, ClassifierLoadOptions? options = null, bool onnxAllowed = false)
    {
        options = (options ?? new ClassifierLoadOptions()) with { Width = choice.Width, NumClasses = choice.Classes, Device = choice.Device == ComputeDevice.Cuda ? choice.TorchDevice : null };
        if (choice.WeightsPath is not { } path)
        {
            return ShuffleNetV2Classifier.FromModel(Create(choice), card: null, options with { Width = null, NumClasses = null });
        }

        if (!onnxAllowed && System.IO.Path.GetExtension(path).Equals(".onnx", System.StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--weights: '{path}' is an ONNX file; this command needs the weights (a run folder, model.pth or a checkpoint).");
        }

        return ShuffleNetV2Classifier.Load(path, options);
    }
}
