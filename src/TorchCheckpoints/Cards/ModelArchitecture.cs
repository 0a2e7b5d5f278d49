using System;
using System.Text.Json;

namespace TorchCheckpoints;

/// <summary>
/// Which network a model card describes: a family name (for example <c>resnet</c>) and the settings that build
/// it, as one JSON object (for example a list of block counts per stage). This package does
/// not interpret the settings: the library that owns the network reads and writes them.
/// </summary>
public sealed class ModelArchitecture : IEquatable<ModelArchitecture>
{
    private readonly string _configJson;

    /// <summary>Describes an architecture.</summary>
    /// <param name="name">The family's name, not empty.</param>
    /// <param name="config">A JSON object of the settings that build the network.</param>
    /// <exception cref="ArgumentException">The name is empty or the settings are not a JSON object.</exception>
    public ModelArchitecture(string name, JsonElement config)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"An architecture's settings are a JSON object, got {config.ValueKind}.", nameof(config));
        }

        Name = name;
        _configJson = config.GetRawText();
        Config = JsonDocument.Parse(_configJson).RootElement.Clone();
    }

    /// <summary>The family's name, for example <c>resnet</c>.</summary>
    public string Name { get; }

    /// <summary>The settings that build the network (a JSON object).</summary>
    public JsonElement Config { get; }

    /// <inheritdoc />
    public bool Equals(ModelArchitecture? other) =>
        other is not null && Name == other.Name && JsonElement.DeepEquals(Config, other.Config);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ModelArchitecture);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {_configJson}";
}
