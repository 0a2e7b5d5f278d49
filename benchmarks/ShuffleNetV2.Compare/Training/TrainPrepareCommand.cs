using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Writes the initial weights of the training comparison, per width: a freshly initialised 10-class network
/// (torch.manual_seed(seed + i)), saved by this library in PyTorch's zip format with torchvision's keys. Both sides
/// start every parity and speed run from these files.
/// </summary>
internal static class TrainPrepareCommand
{
    public static int Run(Arguments arguments)
    {
        var directory = new TrainingDirectory(arguments.Text("dir"));
        var widths = arguments.Text("widths", "0.5,1.0").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => ShuffleNetV2Widths.Parse(w).ToText()).Distinct().ToList();
        var seed = arguments.Integer("seed", 0);
        Directory.CreateDirectory(directory.Path);
        var files = new JsonObject();
        for (var i = 0; i < widths.Count; i++)
        {
            manual_seed(seed + i);
            using var model = ShuffleNetV2.Create(ShuffleNetV2Widths.Parse(widths[i]), numClasses: TrainingWorker.Classes);
            model.SaveWeights(directory.InitialWeights(widths[i]), CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
            files[widths[i]] = directory.InitialWeights(widths[i]);
        }

        Console.WriteLine(new JsonObject { ["ok"] = true, ["dir"] = directory.Path, ["seed"] = seed, ["files"] = files }.ToJsonString());
        return 0;
    }
}
