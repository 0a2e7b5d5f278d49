using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>weights: torchvision's ImageNet weights the registry knows, with their metadata.</summary>
internal sealed class WeightsCommand
{
    private static readonly Dictionary<string, OutputFormat> Formats = new() { ["table"] = OutputFormat.Table, ["json"] = OutputFormat.Json };

    private readonly Option<OutputFormat?> _format = new("--format")
    {
        HelpName = "table|json",
        Description = "Output format [default: table]; json: an array with every field of each entry, the 1000 categories included",
        CustomParser = result => ValueParsers.Choice(result, Formats),
    };

    private readonly Option<string> _output = SharedOptions.Output();

    private WeightsCommand()
    {
    }

    public static Command Create()
    {
        var weights = new WeightsCommand();
        var command = new Command(
            "weights",
            "The pretrained weights classify --pretrained downloads: torchvision's ImageNet weights of each width, with their file, size, "
            + "parameters, GFLOPS, accuracies and evaluation transform");
        command.With([weights._format, weights._output], weights.Run);
        return command;
    }

    private int Run(ParseResult parsed)
    {
        var format = parsed.GetValue(_format) ?? OutputFormat.Table;
        return JobRunner.Run(parsed, threads: null, parsed.GetValue(_output), _ => WeightsListing.Format(format));
    }
}
