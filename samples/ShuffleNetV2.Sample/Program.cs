using System;
using ShuffleNet.Torch;
using TorchStats;
using static TorchSharp.torch;

// 1. Build the seed's network: ShuffleNetV2 1.0x with 1000 classes.
using var model = ShuffleNetV2.Create(ShuffleNetV2Width.X1_0, numClasses: 1000);
model.eval();

// 2. Run a random batch, as the seed's __main__ does, and print the output shape.
using (var scope = NewDisposeScope())
using (no_grad())
{
    var outputs = model.call(rand(4, 3, 224, 224));
    Console.WriteLine($"[{string.Join(", ", outputs.shape)}]");
}

// 3. Print torchstat's table and totals: stat(model, input_size=[3, 224, 224]) is batch 1 here.
var report = ModelStatistics.Analyze(model, [1, 3, 224, 224]);
Console.Write(report.ToTable());
