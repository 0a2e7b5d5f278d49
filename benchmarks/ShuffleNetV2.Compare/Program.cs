using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ShuffleNet.Torch.Compare;
using ShuffleNet.Torch.Compare.Engines;
using ShuffleNet.Torch.Compare.Training;
using ShuffleNet.Torch.Measurement.Widths;

// The C# side of the side-by-side comparisons (BENCHMARKS.md): inference (benchmarks/compare/run_comparison.py drives
// it) and training (benchmarks/compare/run_training_comparison.py).
const string Usage = """
    usage:
      prepare --dir DIR [--widths 0.5,1.0,1.5,2.0] [--seed 0] [--python /usr/bin/python3] [--export-script FILE]
          writes weights, both ONNX exports and the check image per width into DIR (prints a JSON summary)
      time --dir DIR --engine E --width W --batch B --iterations N --warmup M [--threads 2] [--ort-spinning on|off]
          times N forwards after M warm-ups, prints JSON with the per-iteration times in ms
      check --dir DIR --engine E --width W [--threads 2] [--ort-spinning on|off]
          prints the logits of the check image as JSON
      serve --dir DIR --engine E [--threads 2] [--ort-spinning on|off]
          answers JSON requests on stdin, one per line: {"cmd": "info" | "load" | "check" | "time" | "quit", ...}
      engines
          lists the engines this program runs, as JSON
      widths [--engine torchsharp|onnx] [--classes 1000] [--size 224] [--device cpu|cuda] [--threads N] [--format table|markdown|csv|json] [--output FILE]
          the four widths side by side in this process: params, memory, MAdd, Flops, MACs, the paper's MFLOPs and the
          median latency at batch 1, with a note on each column
    training (benchmarks/compare/run_training_comparison.py drives these):
      train-prepare --dir DIR [--widths 0.5,1.0] [--seed 0]
          writes each width's initial 10-class weights (PyTorch zip, torchvision keys) into DIR
      train-parity --dir DIR --recipe FILE [--width 0.5] [--steps 500] [--snapshots 1,20,100,500] [--label L]
                   [--data DIR] [--limit N] [--test-limit N] [--threads 2] [--dtype float32|float64]
          trains with this library's Trainer from the initial weights on Fashion-MNIST in file order (no augmentation),
          writes the losses, checksums and weight snapshots into DIR
      train-serve --dir DIR --recipe FILE [--data DIR] [--threads 2] [--tune-allocator on|off] [--channels-last on|off]
          answers training requests on stdin: {"cmd": "info" | "load" | "time" | "epoch" | "quit", ...};
          --tune-allocator: the trainer's TuneGlibcAllocator (default on, as the command line; the library's default is off)
          --channels-last: the network's ChannelsLast (default off)
      train-accuracy --recipe FILE --out FILE [--width 0.5] [--seed 0] [--data DIR] [--workers 1] [--limit N]
                     [--test-limit N] [--threads 2] [--batches DIR] [--save-weights DIR]
          one run of the full recipe; writes the epochs' records and the final test top-1 as JSON;
          --batches: trains on the augmented batches in DIR (written by train-dump or the PyTorch worker's dump)
          --save-weights: writes the weights after every epoch to DIR/epochN.pth (torchvision's keys)
      train-dump --recipe FILE --out DIR [--seed 0] [--epochs E] [--data DIR] [--limit N] [--workers 1]
          writes this library's augmented training batches of E epochs (default the recipe's) to DIR
    training soak and loader cost (BENCHMARKS.md; exit code 1 when the goal is missed):
      train-soak [--quick] [--data DIR] [--width 0.5] [--epochs 20] [--train 6000] [--test 2000] [--size 32] [--batch 128]
                 [--workers 2] [--threads 2] [--seed 0]
          trains and evaluates the first images of Fashion-MNIST for many epochs; prints after each epoch the live
          tensor count and RSS; goal: the count equal after every epoch, RSS within 5 % of the first epoch's
      train-loader [--quick] [--data DIR] [--width 0.5] [--size 56] [--batch 128] [--workers 2] [--threads 2]
                   [--rounds 3] [--steps 100] [--preloaded 16] [--warmup 10] [--limit N]
          training steps fed by the DataLoader (the sample's augmentation) against steps on preloaded batches, in
          interleaved rounds; goal: the loader's median within 5 %
    --threads: intra-op threads (default 2); --ort-spinning: ONNX Runtime's spin-waiting (default off, as in the comparison).
    """;

// 1. The subcommand and its options; bad arguments print the usage and exit with 2.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    // 2. Every subcommand but prepare and engines runs one engine in this process.
    var rest = args.Skip(1);
    string[] engineOptions = ["dir", "engine", "threads", "ort-spinning"];
    switch (args[0])
    {
        case "prepare":
            return PrepareCommand.Run(Arguments.Parse(rest, "dir", "widths", "seed", "python", "export-script"));
        case "widths":
            return WidthsCommand.Run([.. rest], Console.Out, Console.Error);
        case "engines":
            Console.WriteLine(new JsonArray(EngineCatalog.All.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Name, ["description"] = e.Description }).ToArray()).ToJsonString());
            return 0;
        case "train-prepare":
            return TrainPrepareCommand.Run(Arguments.Parse(rest, "dir", "widths", "seed"));
        case "train-parity":
            return ParityCommand.Run(Arguments.Parse(rest, "dir", "recipe", "width", "steps", "snapshots", "label", "data", "limit", "test-limit", "threads", "dtype"));
        case "train-accuracy":
            return AccuracyCommand.Run(Arguments.Parse(rest, "recipe", "out", "width", "seed", "data", "workers", "limit", "test-limit", "threads", "batches", "save-weights"));
        case "train-dump":
            return DumpBatchesCommand.Run(Arguments.Parse(rest, "recipe", "out", "seed", "epochs", "data", "limit", "workers"));
        case "train-soak":
            return MemorySoakCommand.Run([.. rest]);
        case "train-loader":
            return LoaderCostCommand.Run([.. rest]);
        case "train-serve":
        {
            var arguments = Arguments.Parse(rest, "dir", "recipe", "data", "threads", "tune-allocator", "channels-last");
            using var worker = new TrainingWorker(new TrainingDirectory(arguments.Text("dir")), TrainingRecipe.Read(arguments.Text("recipe")),
                arguments.Text("data", FashionMnistData.DefaultFolder), arguments.Integer("threads", 2, minimum: 1), arguments.OnOff("tune-allocator", true),
                arguments.OnOff("channels-last", false));
            worker.Serve(Console.In, Console.Out);
            return 0;
        }

        case "serve":
        {
            using var worker = OpenWorker(Arguments.Parse(rest, engineOptions));
            worker.Serve(Console.In, Console.Out);
            return 0;
        }

        case "time":
        {
            var arguments = Arguments.Parse(rest, [.. engineOptions, "width", "batch", "iterations", "warmup"]);
            using var worker = OpenWorker(arguments);
            var result = worker.Time(arguments.Text("width"), arguments.Integer("batch", minimum: 1), arguments.Integer("warmup"), arguments.Integer("iterations", minimum: 1));
            Console.WriteLine(result.ToJsonString());
            return 0;
        }

        case "check":
        {
            var arguments = Arguments.Parse(rest, [.. engineOptions, "width"]);
            using var worker = OpenWorker(arguments);
            Console.WriteLine(worker.Check(arguments.Text("width")).ToJsonString());
            return 0;
        }

        default:
            throw new ArgumentException($"Unknown subcommand '{args[0]}'.");
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (Exception e) when (e is IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static Worker OpenWorker(Arguments arguments) => new(
    EngineCatalog.Find(arguments.Text("engine")),
    new WorkDirectory(arguments.Text("dir")),
    new EngineSettings(arguments.Integer("threads", 2, minimum: 1), arguments.OnOff("ort-spinning", false)));
