using System;
using System.Linq;

namespace TorchStats;

/// <summary>
/// Which parameters the training updates, by their dotted names as in <c>named_parameters()</c> (e.g.
/// <c>fc.weight</c>). The others are frozen: no gradient, no optimizer state, and no weight-gradient work.
/// </summary>
public sealed class TrainableParameters
{
    private readonly Func<string, bool>? _predicate;

    private TrainableParameters(string description, Func<string, bool>? predicate)
    {
        Description = description;
        _predicate = predicate;
    }

    /// <summary>Every parameter.</summary>
    public static TrainableParameters All { get; } = new("all", _ => true);

    /// <summary>The parameters whose <c>requires_grad</c> is set in the model as it is (what autograd would do with it unchanged).</summary>
    public static TrainableParameters FromModel { get; } = new("requires_grad as set in the model", null);

    /// <summary>What the set is, for the report: <c>all</c>, <c>fc.*</c>, or the given description.</summary>
    public string Description { get; }

    /// <summary>The parameters whose names start with one of <paramref name="prefixes"/>; a prefix <c>fc</c> means the module <c>fc</c> (<c>fc.weight</c>, <c>fc.bias</c>), not <c>fc2</c>.</summary>
    /// <param name="prefixes">Module paths or parameter names, e.g. <c>fc</c> or <c>fc.weight</c>; a trailing <c>.</c> or <c>.*</c> is allowed.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">No prefix was given, or one is empty.</exception>
    public static TrainableParameters Prefix(params string[] prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var paths = prefixes.Select(p => (p ?? string.Empty).TrimEnd('*').TrimEnd('.')).ToArray();
        if (paths.Length == 0 || paths.Any(p => p.Length == 0))
        {
            throw new ArgumentException($"Prefix needs one or more non-empty module paths, got [{string.Join(", ", prefixes)}].", nameof(prefixes));
        }

        return new TrainableParameters(
            string.Join(", ", paths.Select(p => p + ".*")),
            name => paths.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal)));
    }

    /// <summary>The parameters for which <paramref name="predicate"/> returns true.</summary>
    /// <param name="predicate">Called with each parameter's dotted name.</param>
    /// <param name="description">What the set is, for the report.</param>
    /// <returns>The set.</returns>
    public static TrainableParameters Where(Func<string, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new TrainableParameters(description, predicate);
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    /// <summary>Whether the parameter named <paramref name="name"/> is trained; <paramref name="requiresGrad"/> is its flag in the model.</summary>
    internal bool Includes(string name, bool requiresGrad) => _predicate?.Invoke(name) ?? requiresGrad;
}
