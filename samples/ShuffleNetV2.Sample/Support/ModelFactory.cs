using System;
using System.IO;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints;
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

        return Load(path, options, "--weights");
    }

    /// <summary>The library's classifier of a model file or run folder; what is wrong with it is a usage error naming <paramref name="option"/>.</summary>
    public static ShuffleNetV2Classifier Load(string path, ClassifierLoadOptions options, string option)
    {
        try
        {
            return ShuffleNetV2Classifier.Load(path, options);
        }
        catch (ModelMismatchException e)
        {
            throw Mismatch(e);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or CheckpointFileException)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    /// <summary>The file is not the network --width or --classes asks for: say so naming the option.</summary>
    public static UsageException Mismatch(ModelMismatchException e) => e.Setting == ModelSetting.Width
        ? new UsageException($"--width {e.Asked.TrimEnd('x')} does not match the weights file '{e.FilePath}', which holds {e.Found}; leave out --width to use the file's.")
        : new UsageException($"--classes {e.Asked} does not match the weights file '{e.FilePath}', which has {e.Found}; leave out --classes to use the file's.");
}
