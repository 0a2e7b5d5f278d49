using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// 1. `--smoke` (used by CI): one quick pass over every benchmark, to prove they run; the numbers mean nothing.
var smoke = args.Contains("--smoke");
var rest = args.Where(a => a != "--smoke").ToArray();

// 2. In-process toolchain: the benchmarks run in this build, whose libLibTorchSharp.so carries the native fix.
var job = (smoke ? Job.Dry : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job.AsDefault()).WithOptions(ConfigOptions.DisableOptimizationsValidator);

// 3. Run what the arguments select (e.g. --filter '*Forward*'), everything with --smoke.
var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
if (smoke && !rest.Contains("--filter"))
{
    rest = [.. rest, "--filter", "*"];
}

switcher.Run(rest, config);
Console.WriteLine(smoke ? "Smoke run finished." : "Done.");
