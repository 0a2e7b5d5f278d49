using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>classify: the model's most probable classes for one image, with TorchSharp or ONNX Runtime.</summary>
internal sealed class ClassifyCommand
{
    private readonly Option<string> _image = new("--image")
    {
        HelpName = "FILE",
        Description = "The image to classify (PNG, JPEG...), resized to 256, centre-cropped to 224 and normalised as torchvision's ImageNet models expect",
        Required = true,
    };

    private readonly Option<string> _weights = SharedOptions.Weights();
    private readonly Option<ShuffleNetV2Width?> _width = SharedOptions.Width();
    private readonly Option<int?> _classes = SharedOptions.Classes();

    private readonly Option<int?> _top = new("--top")
    {
        HelpName = "K",
        Description = $"How many classes to print [default: {ClassificationSettings.DefaultTop}]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<InferenceEngine?> _engine = SharedOptions.Engine();
    private readonly Option<ComputeDevice?> _device = SharedOptions.Device();
    private readonly Option<int?> _threads = SharedOptions.Threads();
    private readonly Option<OutputFormat?> _format = SharedOptions.Format();
    private readonly Option<string> _output = SharedOptions.Output();

    private ClassifyCommand()
    {
        _image.Validators.Add(OptionChecks.ExistingFile);
    }

    public static Command Create()
    {
        var classify = new ClassifyCommand();
        var command = new Command(
            "classify",
            "The model's most probable classes for one image, with their probabilities: ImageNet's names when the model has 1000 classes "
            + "(else 'class N' in text, null in JSON, empty in CSV). Without --weights the weights are random, and so are the classes.");
        foreach (var option in classify.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(classify.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_image, _weights, _width, _classes, _top, _engine, _device, _threads, _format, _output];

    private int Run(ParseResult parsed)
    {
        var threads = parsed.GetValue(_threads);
        var settings = new ClassificationSettings(
            new ModelChoice(parsed.GetValue(_width), parsed.GetValue(_classes), parsed.GetValue(_weights), parsed.GetValue(_device) ?? ComputeDevice.Cpu),
            parsed.GetRequiredValue(_image),
            parsed.GetValue(_top) ?? ClassificationSettings.DefaultTop,
            parsed.GetValue(_engine) ?? InferenceEngine.TorchSharp,
            threads,
            parsed.GetValue(_format) ?? OutputFormat.Table);
        OptionChecks.OnnxRunsOnCpu(settings.Engine, settings.Model.Device);
        return JobRunner.Run(parsed, threads, parsed.GetValue(_output), stderr => ImageClassification.Run(settings, stderr));
    }
}
