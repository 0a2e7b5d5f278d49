using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// The benchmark classes, one concern each (see BENCHMARKS.md):
//   ForwardBenchmarks         TorchSharp forward, each width at batch 1 and 32
//   FusedForwardBenchmarks    the same with BatchNorm folded (FuseForInference)
//   OnnxForwardBenchmarks     the same through ONNX Runtime on this library's export
//   WeightsLoadingBenchmarks  LoadWeights / FromWeights from safetensors, TorchSharp and PyTorch zip files
//   StatisticsBenchmarks      one statistics analysis against one forward (Ratio column)

// 1. `--smoke` (used by CI): one quick pass over every benchmark, to prove they run; the numbers mean nothing.
//    `--short`: BenchmarkDotNet's ShortRun (3 warm-ups, 3 iterations), a rough look in minutes.
//    Neither: BenchmarkDotNet's default job, the real measurement.
var smoke = args.Contains("--smoke");
var shortRun = args.Contains("--short");
var rest = args.Where(a => a is not ("--smoke" or "--short")).ToArray();

// 2. In-process toolchain: the benchmarks run in this build, whose libLibTorchSharp.so carries the native fix.
//    The smoke job is BenchmarkDotNet's Dry job without its warm-up: one timed call per case (plus the memory diagnoser's).
var job = (smoke ? Job.Dry.WithWarmupCount(0) : shortRun ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job.AsDefault()).WithOptions(ConfigOptions.DisableOptimizationsValidator);

// 3. Run what the arguments select (e.g. --filter '*Onnx*'), everything with --smoke.
var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
if (smoke && !rest.Contains("--filter"))
{
    rest = [.. rest, "--filter", "*"];
}

switcher.Run(rest, config);
Console.WriteLine(smoke ? "Smoke run finished." : "Done.");
