using System;
using System.CommandLine.Parsing;
using System.IO;
using ShuffleNet.Torch.Classifier;
using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample;

/// <summary>Checks that need more than an option's text: files, CUDA, and values that do not go together. Each failure is one error naming the option.</summary>
internal static class OptionChecks
{
    /// <summary>A file to read: it must exist and not be a directory.</summary>
    public static void ExistingFile(OptionResult result)
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

    /// <summary>A file or a folder to read (a model: a run folder, or a weights, checkpoint or ONNX file): it must exist.</summary>
    public static void ExistingFileOrFolder(OptionResult result)
    {
        var path = result.GetValueOrDefault<string>();
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            result.AddError($"{result.Option.Name}: no file or folder at '{path}'.");
        }
    }

    /// <summary>A file or folder that exists, or an http(s) URL whose path ends in a file name (torch.hub caches it under that name).</summary>
    public static void ExistingFileOrUrl(OptionResult result)
    {
        var text = result.GetValueOrDefault<string>();
        if (ModelReference.AsUrl(text) is null)
        {
            ExistingFileOrFolder(result);
            return;
        }

        try
        {
            ModelReference.Parse(text);
        }
        catch (ArgumentException e)
        {
            result.AddError($"{result.Option.Name}: {ExitCodes.WithoutParameter(e)}");
        }
    }

    /// <summary>A folder to use: it may not be a file.</summary>
    public static void NotAFile(OptionResult result)
    {
        var path = result.GetValueOrDefault<string>();
        if (File.Exists(path))
        {
            result.AddError($"{result.Option.Name}: '{path}' is a file, not a directory.");
        }
    }

    /// <summary>A file to write: a name, not a directory, in a directory that exists.</summary>
    public static void NewFile(OptionResult result)
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
    public static DeviceType? AvailableDevice(ArgumentResult result, DeviceType? device)
    {
        if (device == DeviceType.CUDA && !cuda.is_available())
        {
            result.AddError("--device cuda: CUDA is not available here (no CUDA device, or a CPU-only TorchSharp backend such as this sample's TorchSharp-cpu).");
        }

        return device;
    }

    /// <summary>The library's device for --device: null (the CPU) unless CUDA is asked for.</summary>
    public static Device? ToTorch(DeviceType? device) => device == DeviceType.CUDA ? CUDA : null;
}
