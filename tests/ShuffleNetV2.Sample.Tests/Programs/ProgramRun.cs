using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Sample.Tests.Programs;

/// <summary>One run of a short sample program in this process: its entry point with the arguments, what it printed and its exit code.</summary>
public sealed record ProgramRun(int ExitCode, string Stdout, string Stderr)
{
    /// <param name="program">The program's assembly name (QuickStart, ClassifyImage, FineTune, OnnxServe).</param>
    /// <param name="args">Its command line.</param>
    public static ProgramRun Of(string program, params string[] args)
    {
        var entry = Assembly.Load(program).EntryPoint ?? throw new InvalidOperationException($"{program} has no entry point.");
        set_num_threads(SampleRun.TorchThreads);
        var (console, errors) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exitCode = entry.Invoke(null, [args]) is int code ? code : 0;
            return new ProgramRun(exitCode, stdout.ToString(), stderr.ToString());
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        finally
        {
            Console.SetOut(console);
            Console.SetError(errors);
        }
    }

    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit code {ExitCode}; stderr: {Stderr}";
}
