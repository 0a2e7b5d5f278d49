using System;
using System.Globalization;
using ShuffleNet.Torch.Measurement;
using ShuffleNet.Torch.Measurement.Soak;

// Usage: dotnet run -c Release --project benchmarks/ShuffleNetV2.Soak [-- --forward 5000 --analyses 500 --warmup 200
//        --batch 8 --size 224 --progress 500 --gc-every 10 --threads 1 --glibc-default]
//        (--gc-every 0: collections left to the GC; --threads 0: libtorch's default)
// Exit code 0 when RSS grew by less than 2 % after warm-up and every tensor was released; 1 otherwise.

// 1. Options: the full run unless overridden; --glibc-default keeps glibc's dynamic mmap threshold.
var options = SoakOptions.Full;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--glibc-default")
    {
        options = options with { FixedMmapThreshold = false };
        continue;
    }

    var value = i + 1 < args.Length ? int.Parse(args[++i], CultureInfo.InvariantCulture) : throw new ArgumentException($"Option '{args[i]}' needs a value.");
    options = args[i - 1] switch
    {
        "--forward" => options with { ForwardPasses = value },
        "--analyses" => options with { Analyses = value },
        "--warmup" => options with { WarmupForwardPasses = value },
        "--batch" => options with { BatchSize = value },
        "--size" => options with { ImageSize = value },
        "--progress" => options with { ProgressInterval = value },
        "--gc-every" => options with { CollectEvery = value },
        "--threads" => options with { IntraOpThreads = value == 0 ? null : value },
        _ => throw new ArgumentException($"Unknown option '{args[i - 1]}'; expected --forward, --analyses, --warmup, --batch, --size, --progress, --gc-every, --threads or --glibc-default."),
    };
}

// 2. Run, with the machine's load before and after (the machine may be shared).
Console.WriteLine($"load average before: {MachineLoad.Average()}");
var result = SoakRun.Run(options, Console.WriteLine);
Console.WriteLine($"load average after:  {MachineLoad.Average()}");
Console.Write(result.Format());

// 3. Verdict.
const double MaxRssGrowth = 0.02;
var ok = result.RssGrowth < MaxRssGrowth && result.LiveCountRestored;
Console.WriteLine(ok ? "PASS: RSS grew by less than 2 % after warm-up and the live tensor count came back." : "FAIL");
return ok ? 0 : 1;
