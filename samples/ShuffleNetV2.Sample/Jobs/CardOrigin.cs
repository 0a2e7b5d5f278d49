using System.IO;
using ShuffleNet.Torch.Classifier;

namespace ShuffleNet.Torch.Sample;

/// <summary>Where a classifier's model card came from, in words that name the file (or the registry entry).</summary>
internal static class CardOrigin
{
    /// <summary>
    /// The card's file (a run's model.json, NAME.json beside NAME.pth), the file that holds the card (a checkpoint, an
    /// ONNX file), or the registry entry's name; null when nothing describes the model.
    /// </summary>
    public static string? Of(ShuffleNetV2Classifier classifier)
    {
        var source = classifier.Source;
        return source.CardOrigin switch
        {
            null => null,
            { } origin when Path.IsPathRooted(origin) || origin == source.RegistryEntry || source.WeightsPath.Length == 0 => origin,

            // The library names the part of the file it read ("the checkpoint", "the ONNX metadata"); the file is what the user can open.
            _ when classifier.Card is null => $"the ONNX metadata of {source.WeightsPath} (transform and labels)",
            _ => source.WeightsPath,
        };
    }
}
