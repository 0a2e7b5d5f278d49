// Fine-tune a ShuffleNetV2 on your own images, then reload the trained model as a classifier.
//
//   dotnet run -c Release --project samples/FineTune -- flowers/ runs/flowers shufflenetv2_x1-5666bf0f80.pth 10
//
// The data: an image folder (one subfolder of images per class, or train/ and val/ holding such subfolders; without
// them a fifth of each class is held out for testing), or a folder of MNIST-layout IDX files. The weights: any weights
// file (torchvision's .pth, a model.pth of an earlier run); its classifier is replaced for the data's classes.
using System;
using System.Globalization;
using ShuffleNet.Torch.Classifier;
using TorchTraining.Reporting;
using TorchTraining.Runs;

if (args.Length is < 3 or > 5)
{
    Console.Error.WriteLine("usage: FineTune DATA_FOLDER RUN_FOLDER WEIGHTS_FILE [EPOCHS] [SIZE]");
    return 2;
}

// 1. The run: data, run folder and the preset's values to change; the preset is chosen from the data's layout.
var options = new TrainingRunOptions
{
    DataPath = args[0],
    OutputFolder = args[1],
    Epochs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5,
    Size = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null,
    BatchSize = 32,             // small data sets on a CPU: more steps per epoch than the preset's 128
    FreezeBackboneEpochs = 1,   // the new classifier learns alone first, then the whole network
};

// 2. Prepare: every check (data, options, run folder, weights) happens before anything is written.
var run = ShuffleNetV2Training.Prepare(options, weightsPath: args[2]);
Console.WriteLine($"{run.Data.Classes.Count} classes ({string.Join(", ", run.Data.Classes)}), {run.Data.Train!.Count} training images, preset {run.Preset.Name}");

// 3. Train: progress lines on stderr; a checkpoint and the metrics after every epoch, the model and its card at the end.
var result = run.Run(new TextProgressObserver(Console.Error));
Console.WriteLine($"test top-1 after training: {result.Final.Top1.ToString("P2", CultureInfo.InvariantCulture)}");

// 4. Reload the run folder: the weights, the class names and the evaluation transform come back together.
using var classifier = ShuffleNetV2Classifier.Load(result.OutputFolder);
var evaluation = classifier.Evaluate(options.DataPath);
Console.WriteLine($"test top-1 of the reloaded model: {evaluation.Result.Top1.ToString("P2", CultureInfo.InvariantCulture)}");
Console.WriteLine($"classes: {string.Join(", ", classifier.Classes!)}; transform: {classifier.Transform.Describe()}");
return 0;
