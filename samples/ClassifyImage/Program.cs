// Classify an image with torchvision's pretrained ShuffleNetV2: the weights come from torch.hub's cache (downloaded
// there once, its SHA-256 checked), or from a weights file you give; either way the model card brings the evaluation
// transform (resize, centre crop, normalisation) and ImageNet's class names.
//
//   dotnet run --project samples/ClassifyImage -- cat.jpg                                   # 1.0x, through the cache
//   dotnet run --project samples/ClassifyImage -- cat.jpg 1.5                               # another width
//   dotnet run --project samples/ClassifyImage -- cat.jpg shufflenetv2_x1-5666bf0f80.pth    # a file (known by its name)
using System;
using System.Globalization;
using ShuffleNet.Torch;
using ShuffleNet.Torch.Classifier;
using ShuffleNet.Torch.Pretrained;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ClassifyImage IMAGE [WIDTH | WEIGHTS_FILE]");
    return 2;
}

// 1. Where the weights are: a registry entry (its file in $TORCH_HOME/hub/checkpoints, else ~/.cache/torch/hub/checkpoints),
//    or a file on disk; a file named as torchvision publishes it is that entry.
var image = args[0];
var reference = args.Length == 1 ? ModelReference.FromRegistry(ShuffleNetV2Weights.X1_0_ImageNet1K_V1)
    : ShuffleNetV2Widths.TryParse(args[1], out var width) ? ModelReference.FromRegistry(ShuffleNetV2Weights.Default(width))
    : ModelReference.Parse(args[1]);

// 2. The classifier: the network, its weights and its model card, in eval mode.
using var classifier = ShuffleNetV2Classifier.Open(reference);
Console.WriteLine($"weights:   {classifier.Source.WeightsPath} ({classifier.Source.RegistryEntry ?? "no registry entry"})");
Console.WriteLine($"transform: {classifier.Transform.Describe()}");

// 3. The image, prepared with the card's transform, and its five most probable classes.
foreach (var prediction in classifier.Classify(image, top: 5))
{
    var probability = prediction.Probability.ToString("P2", CultureInfo.InvariantCulture);
    Console.WriteLine($"{probability,8}  {prediction.Index,4}  {prediction.Label ?? "(no name)"}");
}

return 0;
