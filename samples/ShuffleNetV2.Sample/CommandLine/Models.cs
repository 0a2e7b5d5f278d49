using System;
using System.Collections.Generic;
using System.IO;
using ShuffleNet.Torch.Classifier;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining.Datasets;

namespace ShuffleNet.Torch.Sample;

/// <summary>The library's calls whose failures are the user's mistakes, said with the option that gave the file.</summary>
internal static class Models
{
    /// <summary>
    /// <see cref="ShuffleNetV2Classifier.Open"/>: a file that cannot be read, or is not the network asked for, is a usage
    /// error naming <paramref name="option"/>; an override that does not fit is one in the option names of <paramref name="names"/>;
    /// an <paramref name="output"/> that names a file the model was read from is refused before any work.
    /// </summary>
    public static ShuffleNetV2Classifier Open(ModelReference reference, ClassifierLoadOptions options, string option,
        IEnumerable<(string Property, string Option)>? names = null, CheckpointDownloadOptions? download = null, string? output = null)
    {
        ShuffleNetV2Classifier classifier;
        try
        {
            classifier = ShuffleNetV2Classifier.Open(reference, options, download);
        }
        catch (Exception e) when (e is FileNotFoundException or CheckpointFileException or InvalidDataException)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
        catch (ArgumentException e) when (e.ParamName is null or "options")
        {
            var message = OptionNames.Translate(ExitCodes.WithoutParameter(e), names ?? []);
            throw new UsageException(e.ParamName is null ? message : $"{option}: {message}");
        }

        if (output is not null)
        {
            try
            {
                classifier.Source.RefuseOverwrite(output);
            }
            catch
            {
                classifier.Dispose();
                throw;
            }
        }

        return classifier;
    }

    /// <summary>Problems with --data (a missing folder, unusable files, another class count) as usage errors naming the option.</summary>
    /// <param name="use">What reads the data.</param>
    /// <param name="unwritten">The file that was not written because of it, or null.</param>
    public static T Data<T>(Func<T> use, string? unwritten = null)
    {
        try
        {
            return use();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or DataLayoutException or InvalidDataException)
        {
            throw new UsageException($"--data: {e.Message}" + (unwritten is null ? string.Empty : $" Nothing was written to '{Path.GetFullPath(unwritten)}'."));
        }
    }

    /// <summary>
    /// Evaluate and quantize do not guess how a model's images are prepared: a model without a card needs --size,
    /// --mean and --std (the overrides make the transform), since a guessed transform gives silently wrong results.
    /// </summary>
    public static void RequireTransform(ShuffleNetV2Classifier classifier, TransformOverrides overrides)
    {
        if (classifier.Source.CardOrigin is null && overrides.ToTransform() is null)
        {
            throw new UsageException(
                $"'{classifier.Source.Path}' has no model card (no model.json beside it, none in a checkpoint or the ONNX metadata) to say how its images are prepared: give --size, --mean and --std (and --resize to resize first).");
        }
    }
}
