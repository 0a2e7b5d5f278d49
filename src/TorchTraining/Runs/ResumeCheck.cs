using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchCheckpoints;
using TorchTraining.Checkpoints;

namespace TorchTraining.Runs;

/// <summary>
/// Whether a checkpoint can be continued by a run, from what it says about itself (<see cref="TrainingCheckpoint.ReadInfo"/>):
/// the trainer's own checks, made before anything is created, plus what a run adds (network and classes of its card).
/// </summary>
internal static class ResumeCheck
{
    /// <summary>Reads the checkpoint a run continues from.</summary>
    /// <exception cref="FileNotFoundException">There is no such file (for <see cref="TrainingRunOptions.Resume"/>: the folder holds no <c>last.ckpt</c>).</exception>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint.</exception>
    public static CheckpointInfo Read(string path, bool fromFolder)
    {
        if (fromFolder && !File.Exists(path))
        {
            throw new FileNotFoundException($"Resume: '{Path.GetDirectoryName(path)}' holds no {TrainingRunFiles.LastCheckpoint} to continue from.", path);
        }

        return TrainingCheckpoint.ReadInfo(path);
    }

    /// <summary>Refuses a checkpoint the run cannot continue; returns what the run should be told (a changed schedule).</summary>
    /// <exception cref="CheckpointMismatchException">The checkpoint holds another network, other classes, another optimizer's state, or was trained with another EMA setting or number of steps per epoch.</exception>
    /// <exception cref="System.ArgumentException">The checkpoint has finished as many epochs as the run asks for.</exception>
    public static IReadOnlyList<string> Check(CheckpointInfo info, ModelCard card, RunSettings settings, int stepsPerEpoch, int trainImages)
    {
        var path = info.Path;
        if (info.Card is { } written)
        {
            if (!written.Architecture.Equals(card.Architecture))
            {
                throw CheckpointMismatchException.For(path, $"it holds {written.Architecture}, but this run trains {card.Architecture}.");
            }

            if (!written.Classes.SequenceEqual(card.Classes))
            {
                throw CheckpointMismatchException.For(path, $"its classes are {List(written.Classes)}, but the data's are {List(card.Classes)}.");
            }
        }

        if (info.Optimizer != settings.Optimizer)
        {
            throw CheckpointMismatchException.For(path, $"it holds {info.Optimizer} state, but this run uses {settings.Optimizer}.");
        }

        if (info.HasEma != settings.Ema)
        {
            throw CheckpointMismatchException.For(path, info.HasEma
                ? "it holds a moving average of the weights, but this run keeps none (Ema)."
                : "it holds no moving average of the weights, but this run asks for one (Ema).");
        }

        if (info.StepsPerEpoch != stepsPerEpoch)
        {
            throw CheckpointMismatchException.For(path,
                $"it was written with {info.StepsPerEpoch} steps per epoch, but this run has {stepsPerEpoch} ({trainImages} training images in batches of {settings.BatchSize}); resume with the batch size and data of the run that wrote it.");
        }

        if (info.Epoch >= settings.Epochs)
        {
            throw new System.ArgumentException(
                $"Epochs must be above the {info.Epoch} epochs checkpoint '{path}' has finished, got {settings.Epochs}: ask for more epochs to continue it.");
        }

        if (info.Epochs == settings.Epochs)
        {
            return [];
        }

        var ema = settings.Ema ? " and the moving average's decay" : string.Empty;
        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"The schedule changes: checkpoint '{path}' was written by a run of {info.Epochs} epochs and this run has {settings.Epochs}, so the learning rate (warm-up and cosine decay){ema} follows a {settings.Epochs}-epoch schedule from epoch {info.Epoch + 1} on; the result differs from an uninterrupted run of either length."),
        ];
    }

    private static string List(IReadOnlyList<string> classes) =>
        $"[{string.Join(", ", classes.Take(5))}{(classes.Count > 5 ? $", ... ({classes.Count})" : string.Empty)}]";
}
