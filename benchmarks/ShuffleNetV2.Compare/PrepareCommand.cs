using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Onnx;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Compare;

/// <summary>
/// Writes everything the engines load, per width, into the work directory: one set of weights (random, BatchNorm
/// statistics made non-trivial) as torchvision-keyed safetensors, the same state dict as a <c>torch.save</c> file for
/// PyTorch (written by this library in PyTorch's zip format), this library's ONNX export, and PyTorch's own ONNX export
/// (tools/export_torchvision_onnx.py); plus the check image. Prints a JSON summary.
/// </summary>
internal static class PrepareCommand
{
    public static int Run(Arguments arguments)
    {
        var directory = new WorkDirectory(arguments.Text("dir"));
        var widths = arguments.Text("widths", "0.5,1.0,1.5,2.0").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => ShuffleNetV2Widths.Parse(n).ToText()).Distinct().ToList();
        var seed = arguments.Integer("seed", 0);
        var python = arguments.Text("python", "/usr/bin/python3");
        var exporter = arguments.Optional("export-script") ?? RepositoryFiles.Find("tools/export_torchvision_onnx.py");
        Directory.CreateDirectory(directory.Path);

        using (var scope = NewDisposeScope())
        {
            var image = rand([1, 3, WorkDirectory.CheckImageSize, WorkDirectory.CheckImageSize], generator: new Generator((ulong)seed + 1000));
            File.WriteAllBytes(directory.CheckInput, image.bytes.ToArray());
        }

        var files = new JsonObject();
        for (var i = 0; i < widths.Count; i++)
        {
            var width = widths[i];
            Console.Error.WriteLine($"prepare: width {width}");
            manual_seed(seed + i);
            using (var model = ShuffleNetV2.Create(ShuffleNetV2Widths.Parse(width)))
            {
                TrainedLikeBatchNorm.Apply(model, seed + i);
                model.eval();
                model.SaveWeights(directory.Safetensors(width), CheckpointFormat.Safetensors, WeightsKeyStyle.Torchvision);
                model.SaveWeights(directory.PyTorchStateDict(width), CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
                model.ExportToOnnx(directory.OurOnnx(width));
            }

            RunPython(python, exporter, directory.PyTorchStateDict(width), width, directory.PyTorchOnnx(width));
            files[width] = new JsonObject
            {
                ["safetensors"] = directory.Safetensors(width),
                ["pytorch_state_dict"] = directory.PyTorchStateDict(width),
                ["our_onnx"] = directory.OurOnnx(width),
                ["pytorch_onnx"] = directory.PyTorchOnnx(width),
            };
        }

        var summary = new JsonObject
        {
            ["ok"] = true,
            ["dir"] = directory.Path,
            ["seed"] = seed,
            ["check_input"] = directory.CheckInput,
            ["files"] = files,
        };
        Console.WriteLine(summary.ToJsonString());
        return 0;
    }

    private static void RunPython(string python, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{python}'.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.Write(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{python} {script} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}:{Environment.NewLine}{errors.Result}");
        }
    }
}
