using System;
using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>How every subcommand (and the root) receives its options and its job.</summary>
internal static class CommandWiring
{
    /// <summary>Adds <paramref name="options"/> in the order help lists them and makes <paramref name="run"/> the action.</summary>
    public static Command With(this Command command, IEnumerable<Option> options, Func<ParseResult, int> run)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(run);
        return command;
    }
}
