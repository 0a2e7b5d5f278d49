using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Cards;

/// <summary>
/// ShuffleNetV2 in model cards: the architecture's entry (<c>{"name": "shufflenet_v2", "stages_repeats": [4, 8, 4],
/// "stages_out_channels": [24, 48, 96, 192, 1024]}</c>, torchvision's constructor arguments), a card for a network and
/// its classes, and the network a card describes.
/// </summary>
public static class ShuffleNetV2Cards
{
    /// <summary>The architecture's name in a card: <c>shufflenet_v2</c>.</summary>
    public const string ArchitectureName = "shufflenet_v2";

    /// <summary>The card entry of an architecture.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <returns>Its entry.</returns>
    public static ModelArchitecture ToCard(this ShuffleNetV2Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return new ModelArchitecture(ArchitectureName, JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["stages_repeats"] = architecture.StagesRepeats.ToArray(),
            ["stages_out_channels"] = architecture.StagesOutChannels.ToArray(),
        }));
    }

    /// <summary>The ShuffleNetV2 architecture a card entry describes.</summary>
    /// <param name="architecture">The entry.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="InvalidDataException">The entry is not a ShuffleNetV2's, or its settings are not a valid architecture.</exception>
    public static ShuffleNetV2Architecture ToShuffleNetV2(this ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.Name != ArchitectureName)
        {
            throw new InvalidDataException($"The model card describes a '{architecture.Name}', not a ShuffleNetV2 ('{ArchitectureName}').");
        }

        try
        {
            var repeats = architecture.Config.GetProperty("stages_repeats").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var channels = architecture.Config.GetProperty("stages_out_channels").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            return ShuffleNetV2Architecture.Create(repeats, channels);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The model card's ShuffleNetV2 settings are not usable ({architecture}): {e.Message}", e);
        }
    }

    /// <summary>A card for a network with these classes and this evaluation transform.</summary>
    /// <param name="architecture">The network's architecture.</param>
    /// <param name="classes">The class names in output order.</param>
    /// <param name="transform">The evaluation transform.</param>
    /// <param name="provenance">Where the model comes from, or null.</param>
    /// <returns>The card.</returns>
    public static ModelCard Create(ShuffleNetV2Architecture architecture, IReadOnlyList<string> classes, ImageClassificationTransform transform, ModelProvenance? provenance = null) =>
        new() { Architecture = architecture.ToCard(), Classes = classes, Transform = transform, Provenance = provenance };

    /// <summary>A new, freshly initialised network of the card's architecture and class count (load the weights into it next).</summary>
    /// <param name="card">The card.</param>
    /// <returns>The network, in training mode.</returns>
    /// <exception cref="InvalidDataException">The card does not describe a ShuffleNetV2.</exception>
    public static ShuffleNetV2 CreateModel(this ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new ShuffleNetV2(card.Architecture.ToShuffleNetV2(), card.ClassCount);
    }
}
