using System.CommandLine;
using ShuffleNet.Torch.Classifier.Reports;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>weights: torchvision's ImageNet weights the registry knows, with their metadata.</summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var format = Options.Format("Output format [default: table]; json: an array with every field of each entry, the 1000 categories included", Options.TableOrJson);
        var output = Options.Output();
        var command = new Command(
            "weights",
            "The pretrained weights classify --pretrained downloads: torchvision's ImageNet weights of each width, with their file, size, "
            + "parameters, GFLOPS, accuracies and evaluation transform");
        return command.With([format, output], parsed => JobRunner.Run(parsed, threads: null, parsed.GetValue(output), _ => parsed.GetValue(format) == ReportFormat.Json
            ? PretrainedWeightsReport.Format(ReportFormat.Json)
            : PretrainedWeightsReport.Format(ReportFormat.Text) + $"Downloaded by classify --pretrained WIDTH into {TorchHub.CheckpointsDirectory()}\n"));
    }
}
