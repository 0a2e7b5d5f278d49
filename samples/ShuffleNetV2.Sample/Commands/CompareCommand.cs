using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>compare: the four widths measured side by side at batch 1.</summary>
internal sealed class CompareCommand
{
    private readonly Option<InferenceEngine?> _engine = SharedOptions.Engine();
    private readonly Option<int?> _classes = SharedOptions.Classes("Output classes of the four models [default: 1000]");
    private readonly Option<InputSize?> _size = SharedOptions.Size();
    private readonly Option<ComputeDevice?> _device = SharedOptions.Device();
    private readonly Option<int?> _threads = SharedOptions.Threads();
    private readonly Option<OutputFormat?> _format = SharedOptions.Format();
    private readonly Option<string> _output = SharedOptions.Output();

    private CompareCommand()
    {
    }

    public static Command Create()
    {
        var compare = new CompareCommand();
        var command = new Command(
            "compare",
            "The four widths side by side: params, memory, MAdd, Flops, MACs, the paper's MFLOPs and the latency at batch 1 on this machine, with a note on each column");
        command.With(compare.Options, compare.Run);
        return command;
    }

    /// <summary>In the order help lists them.</summary>
    private Option[] Options => [_engine, _classes, _size, _device, _threads, _format, _output];

    private int Run(ParseResult parsed)
    {
        var threads = parsed.GetValue(_threads);
        var settings = new ComparisonSettings(
            parsed.GetValue(_classes),
            parsed.GetValue(_size),
            parsed.GetValue(_engine) ?? InferenceEngine.TorchSharp,
            parsed.GetValue(_device) ?? ComputeDevice.Cpu,
            threads,
            parsed.GetValue(_format) ?? OutputFormat.Table);
        OptionChecks.OnnxRunsOnCpu(settings.Engine, settings.Device);
        return JobRunner.Run(parsed, threads, parsed.GetValue(_output), _ => WidthComparison.Run(settings));
    }
}
