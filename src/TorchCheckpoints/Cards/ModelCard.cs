using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TorchCheckpoints.Hub;

namespace TorchCheckpoints;

/// <summary>
/// What a trained image classifier is: its architecture, its class names in output order, the evaluation transform its
/// input needs, and where it comes from. Saved as <see cref="FileName"/> beside the weights, inside training
/// checkpoints and in ONNX metadata, so that whoever loads the weights classifies with the right input and names
/// (Hugging Face's <c>config.json</c> + <c>preprocessor_config.json</c>, timm's <c>pretrained_cfg</c>, in one file).
/// </summary>
/// <remarks>The JSON form (snake_case keys) is documented in <see cref="ToJson"/>.</remarks>
public sealed record ModelCard
{
    /// <summary>The card's file name beside the weights: <c>model.json</c>.</summary>
    public const string FileName = "model.json";

    /// <summary>The value of the JSON's <c>format</c> key.</summary>
    public const string FormatName = "image-classifier-card";

    /// <summary>The version of the JSON form this library writes.</summary>
    public const int FormatVersion = 1;

    private readonly IReadOnlyList<string> _classes = [];

    /// <summary>The network.</summary>
    public required ModelArchitecture Architecture { get; init; }

    /// <summary>The class names in output order (one per output); at least one, none null.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds null.</exception>
    public required IReadOnlyList<string> Classes
    {
        get => _classes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var copy = value.ToArray();
            if (copy.Length == 0 || copy.Any(c => c is null))
            {
                throw new ArgumentException(copy.Length == 0 ? "A model card needs at least one class name." : "A model card's class names cannot be null.", nameof(Classes));
            }

            _classes = Array.AsReadOnly(copy);
        }
    }

    /// <summary>The evaluation transform: how an image becomes this model's input.</summary>
    public required ImageClassificationTransform Transform { get; init; }

    /// <summary>The channels of the network input (<see cref="ImageClassificationTransform.Channels"/> of <see cref="Transform"/>).</summary>
    public int InputChannels => Transform.Channels;

    /// <summary>The weights file the card describes, relative to the card's folder (for example <c>model.pth</c>); null when it travels inside the weights.</summary>
    public string? Weights { get; init; }

    /// <summary>Where the model comes from; null when unknown.</summary>
    public ModelProvenance? Provenance { get; init; }

    /// <summary>The card as JSON (UTF-8 text, indented, keys in a fixed order).</summary>
    /// <returns>
    /// <c>{"format": "image-classifier-card", "version": 1, "architecture": {"name": ..., ...settings}, "input_channels": 3,
    /// "classes": [...], "eval_transform": {"resize": 73 or null, "crop": [64, 64], "mean": [...], "std": [...],
    /// "interpolation": "bilinear"}, "weights": "model.pth", "provenance": {"data": {...}, "recipe": ...,
    /// "recipe_settings": {...}, "metrics": {...}, "created": "2026-12-07T16:00:00+00:00", "tool": ...}}</c>.
    /// </returns>
    public string ToJson() => ModelCardJson.Write(this);

    /// <summary>Reads a card from its JSON.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">Where the text comes from, for error messages (a file name, "the ONNX metadata").</param>
    /// <returns>The card.</returns>
    /// <exception cref="InvalidDataException">The text is not a card of a version this library reads; the message names <paramref name="source"/> and the key.</exception>
    public static ModelCard Parse(string json, string source) => ModelCardJson.Read(json, source);

    /// <summary>Reads <c>model.json</c> or any card file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The card.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable card; the message names it.</exception>
    public static ModelCard Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No model card at '{full}'.", full);
        }

        return Parse(File.ReadAllText(full, Encoding.UTF8), full);
    }

    /// <summary>Writes the card atomically (a temporary file, then a rename): a reader never sees half a card.</summary>
    /// <param name="path">The file, usually <c>FOLDER/model.json</c>.</param>
    public void Write(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(ToJson());
        CheckpointWriter.WriteAtomically(Path.GetFullPath(path), stream => stream.Write(bytes));
    }

    /// <summary>
    /// The card that describes a weights file: <c>NAME.json</c> beside <c>NAME.pth</c> (any extension), else the
    /// folder's <c>model.json</c> when its <see cref="Weights"/> names that file; null when there is none.
    /// </summary>
    /// <param name="weightsPath">The weights file.</param>
    /// <returns>The card and its path, or null.</returns>
    /// <exception cref="InvalidDataException">A card is there but cannot be read.</exception>
    public static (ModelCard Card, string Path)? FindBeside(string weightsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        var full = Path.GetFullPath(weightsPath);
        var sibling = Path.ChangeExtension(full, ".json");
        if (File.Exists(sibling) && !string.Equals(sibling, full, StringComparison.Ordinal))
        {
            return (Read(sibling), sibling);
        }

        var inFolder = Path.Combine(Path.GetDirectoryName(full)!, FileName);
        if (File.Exists(inFolder))
        {
            var card = Read(inFolder);
            if (card.Weights is { } weights && string.Equals(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, weights)), full, StringComparison.Ordinal))
            {
                return (card, inFolder);
            }
        }

        return null;
    }

    /// <summary>The class count (<see cref="Classes"/>.Count).</summary>
    public int ClassCount => Classes.Count;

    /// <summary>A one-line summary: architecture, classes, transform.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"{Architecture.Name}, {Classes.Count} classes ({string.Join(", ", Classes.Take(3))}{(Classes.Count > 3 ? ", ..." : string.Empty)}), {Transform.Describe()}";

    /// <summary>Cards are equal when their JSON forms are (every field, provenance included).</summary>
    /// <param name="other">The other card.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(ModelCard? other) => other is not null && string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Architecture, Classes.Count, Transform);
}
