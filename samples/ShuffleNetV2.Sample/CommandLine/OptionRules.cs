using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The checks that need more than one option's text: files that must exist, CUDA, one job at a time, and which
/// options apply to which job. Each failure is one error naming the option.
/// </summary>
internal static class OptionRules
{
    public static void AddTo(RootCommand command, SampleOptions options)
    {
        options.Weights.Validators.Add(ExistingFile);
        options.Image.Validators.Add(ExistingFile);
        options.Output.Validators.Add(NewFile);
        options.ExportOnnx.Validators.Add(NewFile);
        command.Validators.Add(result => CheckJob(result, options));
    }

    /// <summary>--image, --compare or --export-onnx; the statistics run without them.</summary>
    public static Job JobOf(CommandResult result, SampleOptions options) => JobsGiven(result, options).FirstOrDefault(Job.Statistics);

    private static void CheckJob(CommandResult result, SampleOptions options)
    {
        var jobs = JobsGiven(result, options).ToList();
        if (jobs.Count > 1)
        {
            result.AddError($"{List(jobs)} are separate jobs: give one of them.");
            return;
        }

        var job = jobs.FirstOrDefault(Job.Statistics);
        foreach (var (option, appliesTo) in Applicability(options))
        {
            if (Given(result, option) && !appliesTo.Contains(job))
            {
                result.AddError($"{option.Name} does not apply to {Name(job)}; it is for {List(appliesTo)}.");
                return;
            }
        }
    }

    private static IEnumerable<Job> JobsGiven(CommandResult result, SampleOptions options)
    {
        if (Given(result, options.Image))
        {
            yield return Job.ClassifyImage;
        }

        if (result.GetValue(options.Compare))
        {
            yield return Job.CompareWidths;
        }

        if (Given(result, options.ExportOnnx))
        {
            yield return Job.ExportOnnx;
        }
    }

    private static IEnumerable<(Option Option, Job[] AppliesTo)> Applicability(SampleOptions o) =>
    [
        (o.Width, [Job.Statistics, Job.ClassifyImage, Job.ExportOnnx]),
        (o.Classes, [Job.Statistics, Job.ClassifyImage, Job.CompareWidths, Job.ExportOnnx]),
        (o.Batch, [Job.Statistics]),
        (o.Size, [Job.Statistics, Job.CompareWidths, Job.ExportOnnx]),
        (o.Device, [Job.Statistics, Job.ClassifyImage, Job.CompareWidths]),
        (o.Threads, [Job.Statistics, Job.ClassifyImage, Job.CompareWidths]),
        (o.Format, [Job.Statistics, Job.ClassifyImage, Job.CompareWidths]),
        (o.Output, [Job.Statistics, Job.ClassifyImage, Job.CompareWidths]),
        (o.Depth, [Job.Statistics]),
        (o.Weights, [Job.Statistics, Job.ClassifyImage, Job.ExportOnnx]),
        (o.Top, [Job.ClassifyImage]),
        (o.Engine, [Job.ClassifyImage, Job.CompareWidths]),
    ];

    private static string Name(Job job) => job switch
    {
        Job.ClassifyImage => "--image",
        Job.CompareWidths => "--compare",
        Job.ExportOnnx => "--export-onnx",
        _ => "the statistics run",
    };

    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static string List(IEnumerable<Job> jobs)
    {
        var names = jobs.Select(Name).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
    }

    private static void ExistingFile(OptionResult result)
    {
        var path = result.GetValueOrDefault<string>();
        if (Directory.Exists(path))
        {
            result.AddError($"{result.Option.Name}: '{path}' is a directory, not a file.");
        }
        else if (!File.Exists(path))
        {
            result.AddError($"{result.Option.Name}: no file at '{path}'.");
        }
    }

    private static void NewFile(OptionResult result)
    {
        var path = result.GetValueOrDefault<string>();
        if (string.IsNullOrWhiteSpace(path))
        {
            result.AddError($"{result.Option.Name} needs a file name.");
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (Directory.Exists(path))
        {
            result.AddError($"{result.Option.Name}: '{path}' is a directory; give a file name.");
        }
        else if (directory is not null && !Directory.Exists(directory))
        {
            result.AddError($"{result.Option.Name}: the directory '{directory}' does not exist.");
        }
    }

    /// <summary>--device cuda needs a CUDA device and a CUDA backend; checked as the option is parsed.</summary>
    public static ComputeDevice? AvailableDevice(ArgumentResult result, ComputeDevice? device)
    {
        if (device == ComputeDevice.Cuda && !cuda.is_available())
        {
            result.AddError("--device cuda: CUDA is not available here (no CUDA device, or a CPU-only TorchSharp backend such as this sample's TorchSharp-cpu).");
        }

        return device;
    }

    /// <summary>The checks between values, once every option has parsed.</summary>
    public static SampleSettings Checked(SampleSettings settings) =>
        settings.Engine == InferenceEngine.Onnx && settings.Device == ComputeDevice.Cuda
            ? throw new UsageException("--engine onnx runs on the CPU; leave out --device cuda.")
            : settings;
}
