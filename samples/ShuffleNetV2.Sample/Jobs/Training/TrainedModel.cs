using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchTraining.Checkpoints;

namespace ShuffleNet.Torch.Sample;

/// <summary>The model a train run wrote, as evaluate and quantize open it: its weights, and its classes against the data's.</summary>
internal static class TrainedModel
{
    /// <summary>A weights file the library reads (model.pth included), or a training checkpoint of a run whose model.json gives the architecture.</summary>
    public static ShuffleNetV2 Load(string path, ModelRecord? record)
    {
        ShuffleNetV2 model;
        if (IsTrainingCheckpoint(path))
        {
            if (record is null)
            {
                throw new UsageException($"--weights: '{path}' is a training checkpoint, and no {ModelRecord.FileName} beside it says which network it holds.");
            }

            model = new ShuffleNetV2(record.Architecture, record.Classes.Length);
            try
            {
                Checkpoint.LoadWeights(path, model);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        else
        {
            model = ShuffleNetV2.FromWeights(path);
        }

        model.eval();
        return model;
    }

    private static bool IsTrainingCheckpoint(string path)
    {
        try
        {
            Checkpoint.ReadInfo(path);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public static void CheckClasses(long modelClasses, IReadOnlyList<string>? recordedNames, TrainingData data, string path, TextWriter stderr)
    {
        if (modelClasses != data.Classes.Count)
        {
            throw new UsageException($"'{path}' has {modelClasses} classes but the data in '{data.Path}' has {data.Classes.Count}.");
        }

        if (recordedNames is not null && !recordedNames.SequenceEqual(data.Classes, StringComparer.Ordinal))
        {
            stderr.WriteLine($"warning: the model's class names ({string.Join(", ", recordedNames.Take(3))}, ...) differ from the data's ({string.Join(", ", data.Classes.Take(3))}, ...); labels are matched by index.");
        }
    }
}
