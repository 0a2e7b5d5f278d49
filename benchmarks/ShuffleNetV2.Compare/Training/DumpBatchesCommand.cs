using System;
using System.IO;
using System.Text.Json.Nodes;
using TorchTraining.Datasets;

namespace ShuffleNet.Torch.Compare.Training;

/// <summary>
/// Writes the augmented training batches of this library's loader (the recipe's transforms, shuffled and augmented
/// from the seed, as the accuracy run draws them) for a number of epochs, for the other side to train on.
/// </summary>
internal static class DumpBatchesCommand
{
    public static int Run(Arguments arguments)
    {
        var recipe = TrainingRecipe.Read(arguments.Text("recipe"));
        var seed = arguments.Integer("seed", 0);
        var epochs = arguments.Integer("epochs", recipe.Options.Epochs, minimum: 1);
        var output = arguments.Text("out");
        var train = FashionMnistData.TrainLoader(FashionMnistData.Open(arguments.Text("data", FashionMnistData.DefaultFolder), IdxSplit.Train, arguments.Optional("limit") is { } limit ? int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) : null),
            recipe, shuffle: true, seed: seed, workers: arguments.Integer("workers", 1));
        DumpedBatches.Write(train, epochs, recipe, output);
        Console.WriteLine(new JsonObject { ["ok"] = true, ["out"] = Path.GetFullPath(output), ["epochs"] = epochs, ["images"] = train.ImageCount }.ToJsonString());
        return 0;
    }
}
