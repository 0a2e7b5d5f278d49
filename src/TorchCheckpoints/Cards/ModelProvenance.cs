using System;
using System.Collections.Generic;
using System.Text.Json;

namespace TorchCheckpoints;

/// <summary>Where a model comes from: its data, how it was trained, what it scored, when and by what.</summary>
public sealed record ModelProvenance
{
    /// <summary>The data it was trained and tested on; null when unknown.</summary>
    public ModelDataSource? Data { get; init; }

    /// <summary>The training recipe's name, for example a preset's (<c>small-images</c>) or a URL; null when unknown.</summary>
    public string? Recipe { get; init; }

    /// <summary>The recipe's settings as a JSON object (epochs, optimizer, learning rate, ...); null when unknown.</summary>
    public JsonElement? RecipeSettings { get; init; }

    /// <summary>The final metrics by name, for example <c>test_top1</c> (a fraction, 0 to 1), <c>test_top5</c>, <c>test_loss</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>When the weights were finished; null when unknown.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>What made the card, for example <c>MyTrainer 1.2.0</c>; null when unknown.</summary>
    public string? Tool { get; init; }
}
