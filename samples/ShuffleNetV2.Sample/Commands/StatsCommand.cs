using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// stats, which the root command also runs when no subcommand is given: the reference model's run (a random batch's output shape,
/// then the model's statistics as torchstat prints them) for the model and input the options choose.
/// </summary>
internal sealed class StatsCommand
{
    private readonly Option<ShuffleNetV2Width?> _width = SharedOptions.Width();
    private readonly Option<int?> _classes = SharedOptions.Classes();

    private readonly Option<int?> _batch = new("--batch")
    {
        HelpName = "N",
        Description = "Batch size of the forward pass and of the statistics [default: 4 for the forward pass and 1 for the statistics, as the seed and torchstat]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<InputSize?> _size = SharedOptions.Size();
    private readonly Option<ComputeDevice?> _device = SharedOptions.Device();
    private readonly Option<int?> _threads = SharedOptions.Threads("CPU threads of TorchSharp [default: one per core]");
    private readonly Option<OutputFormat?> _format = SharedOptions.Format();
    private readonly Option<string> _output = SharedOptions.Output();

    private readonly Option<int?> _depth = new("--depth")
    {
        HelpName = "N",
        Description = "Also sum the statistics by module path at depth N (1: conv1, maxpool, inverted_block, conv5, fc; 2: each unit); with --format csv, the sums replace the rows",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<string> _weights = SharedOptions.Weights();
    private readonly StatsTrainingOptions _training = new();

    private StatsCommand()
    {
    }

    public static Command Create()
    {
        var command = new Command(
            "stats",
            "The reference model's run: builds the model (1.0x by default), runs a random 4x3x224x224 batch, prints the output shape and the model's statistics "
            + "as torchstat prints them. The sample does this without a command too.");
        AddTo(command);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> the statistics options and job: the stats subcommand, and the root command.</summary>
    public static void AddTo(Command command)
    {
        var stats = new StatsCommand();
        command.With(stats.Options, stats.Run);
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_width, _classes, _batch, _size, _device, _threads, _format, _output, _depth, _weights, .. _training.Options];

    private int Run(ParseResult parsed)
    {
        var settings = new StatisticsSettings(
            new ModelChoice(parsed.GetValue(_width), parsed.GetValue(_classes), parsed.GetValue(_weights), parsed.GetValue(_device) ?? ComputeDevice.Cpu),
            parsed.GetValue(_batch),
            parsed.GetValue(_size),
            parsed.GetValue(_format) ?? OutputFormat.Table,
            parsed.GetValue(_depth));
        var training = _training.Requested(parsed, settings.Format);
        return JobRunner.Run(parsed, parsed.GetValue(_threads), parsed.GetValue(_output), _ =>
            StatisticsRun.Run(settings) + (training ? "\n" + _training.Run(parsed, settings) : string.Empty));
    }
}
