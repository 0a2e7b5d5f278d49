// Quick start: build a ShuffleNetV2, run a batch of images through it, and print its statistics as torchstat does.
//
//   dotnet run --project samples/QuickStart            # the 1.0x network
//   dotnet run --project samples/QuickStart -- 0.5     # another width: 0.5, 1.0, 1.5 or 2.0
using System;
using System.Globalization;
using ShuffleNet.Torch;
using TorchStats;
using static TorchSharp.torch;

// 1. The network: torchvision's ShuffleNetV2 of the chosen width with 1,000 classes, freshly initialised, in eval mode.
var width = ShuffleNetV2Width.X1_0;
if (args.Length > 0 && !ShuffleNetV2Widths.TryParse(args[0], out width))
{
    Console.Error.WriteLine($"'{args[0]}' is no width: give 0.5, 1.0, 1.5 or 2.0.");
    return 2;
}

using var model = ShuffleNetV2.Create(width, numClasses: 1000);
model.eval();

// 2. A random batch of four 224x224 RGB images, without gradients; the dispose scope frees every tensor made inside.
using (var scope = NewDisposeScope())
using (no_grad())
{
    var logits = model.call(rand(4, 3, 224, 224));
    var top = logits.softmax(1).max(1);
    Console.WriteLine($"output shape: [{string.Join(", ", logits.shape)}]");
    Console.WriteLine($"most probable class of image 0: {top.indexes[0].item<long>()} ({top.values[0].item<float>().ToString("P1", CultureInfo.InvariantCulture)}; random weights)");
}

// 3. The statistics of one image: torchstat's row per layer (shapes, parameters, memory, MAdd, Flops), then the totals.
var report = ModelStatistics.Analyze(model, [1, 3, 224, 224]);
Console.Write(report.ToTable());

// 4. The totals as numbers, for a program to use.
var totals = report.Totals;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{width.ToText()}x: {totals.Parameters:N0} parameters, {totals.Macs / 1e6:0.00} million multiply-accumulates per image"));
return 0;
