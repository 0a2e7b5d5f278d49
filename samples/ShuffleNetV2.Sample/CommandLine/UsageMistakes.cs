using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// The one mistake to report for a command line: a former job flag of the root points to its subcommand, and a former
/// command to where it went; then System.CommandLine's first error; then an option given before a subcommand
/// (System.CommandLine would take it for the parent command, whose job does not run, and ignore it); then an --output
/// that names a file another option reads.
/// </summary>
internal static class UsageMistakes
{
    /// <summary>The comparison of the four widths is a benchmark: <c>widths</c> of benchmarks/ShuffleNetV2.Compare.</summary>
    private const string CompareMoved = "moved to the benchmarks: dotnet run --project benchmarks/ShuffleNetV2.Compare -- widths";

    private const string OutputOption = "--output";

    private static readonly (string Token, string Message)[] Removed =
    [
        ("--image", "--image is now a subcommand: classify --image FILE"),
        ("--compare", "--compare " + CompareMoved),
        ("--export-onnx", "--export-onnx is now a subcommand: export-onnx --output FILE"),
        ("compare", "compare " + CompareMoved),
    ];

    /// <summary>Null when the command line is fine.</summary>
    public static string? First(ParseResult parsed) =>
        RemovedFlag(parsed) ?? (parsed.Errors.Count > 0 ? parsed.Errors[0].Message : null) ?? OptionBeforeSubcommand(parsed) ?? OutputOverInput(parsed);

    private static string? RemovedFlag(ParseResult parsed) =>
        (from token in parsed.UnmatchedTokens
         from removed in Removed
         where token == removed.Token || token.StartsWith(removed.Token + "=", StringComparison.Ordinal) || token.StartsWith(removed.Token + ":", StringComparison.Ordinal)
         select removed.Message).FirstOrDefault();

    private static string? OptionBeforeSubcommand(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            var given = parent.Children.OfType<OptionResult>().FirstOrDefault(o => !o.Implicit && !o.Option.Recursive);
            if (given is not null)
            {
                return $"{given.Option.Name} is given before {command.Command.Name}: put the options after the command.";
            }
        }

        return null;
    }

    /// <summary>--output must not replace a file given to another option (an image, a labels file, the weights).</summary>
    private static string? OutputOverInput(ParseResult parsed)
    {
        var options = parsed.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit).ToList();
        if (options.FirstOrDefault(o => o.Option.Name == OutputOption)?.GetValueOrDefault<object>() is not string output || string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        var full = Path.GetFullPath(output);
        return (from other in options
                where other.Option.Name != OutputOption && other.GetValueOrDefault<object>() is string value && !string.IsNullOrWhiteSpace(value)
                      && File.Exists(value) && string.Equals(Path.GetFullPath(value), full, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                select $"{OutputOption}: '{full}' is the file given to {other.Option.Name}; write to another file (nothing was written).").FirstOrDefault();
    }
}
