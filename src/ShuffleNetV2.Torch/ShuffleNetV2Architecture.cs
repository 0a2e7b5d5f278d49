using System;
using System.Collections.Generic;
using System.Linq;

namespace ShuffleNet.Torch;

/// <summary>
/// The shape of a ShuffleNetV2, as torchvision's class takes it: how many units each of the three stages repeats
/// and the output channels of <c>conv1</c>, the three stages and <c>conv5</c>.
/// </summary>
public sealed class ShuffleNetV2Architecture : IEquatable<ShuffleNetV2Architecture>
{
    private static readonly int[] PresetRepeats = [4, 8, 4];

    private ShuffleNetV2Architecture(IReadOnlyList<int> stagesRepeats, IReadOnlyList<long> stagesOutChannels)
    {
        StagesRepeats = stagesRepeats;
        StagesOutChannels = stagesOutChannels;
    }

    /// <summary>0.5×: repeats 4, 8, 4; channels 24, 48, 96, 192, 1024.</summary>
    public static ShuffleNetV2Architecture X0_5 { get; } = new(PresetRepeats, [24, 48, 96, 192, 1024]);

    /// <summary>1.0× (the reference model's): repeats 4, 8, 4; channels 24, 116, 232, 464, 1024.</summary>
    public static ShuffleNetV2Architecture X1_0 { get; } = new(PresetRepeats, [24, 116, 232, 464, 1024]);

    /// <summary>1.5×: repeats 4, 8, 4; channels 24, 176, 352, 704, 1024.</summary>
    public static ShuffleNetV2Architecture X1_5 { get; } = new(PresetRepeats, [24, 176, 352, 704, 1024]);

    /// <summary>2.0×: repeats 4, 8, 4; channels 24, 244, 488, 976, 2048.</summary>
    public static ShuffleNetV2Architecture X2_0 { get; } = new(PresetRepeats, [24, 244, 488, 976, 2048]);

    /// <summary>Units per stage (three stages; the first unit of each has stride 2).</summary>
    public IReadOnlyList<int> StagesRepeats { get; }

    /// <summary>Output channels of <c>conv1</c>, stage 2, stage 3, stage 4 and <c>conv5</c>.</summary>
    public IReadOnlyList<long> StagesOutChannels { get; }

    /// <summary>The total number of units (the length of <c>inverted_block</c>).</summary>
    public int UnitCount => StagesRepeats.Sum();

    /// <summary>The preset for a width.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined width.</exception>
    public static ShuffleNetV2Architecture For(ShuffleNetV2Width width) => width switch
    {
        ShuffleNetV2Width.X0_5 => X0_5,
        ShuffleNetV2Width.X1_0 => X1_0,
        ShuffleNetV2Width.X1_5 => X1_5,
        ShuffleNetV2Width.X2_0 => X2_0,
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, $"Unknown ShuffleNetV2 width {width}; expected one of {string.Join(", ", Enum.GetNames<ShuffleNetV2Width>())}."),
    };

    /// <summary>A custom architecture, validated as torchvision validates it and as the units require.</summary>
    /// <param name="stagesRepeats">Three positive unit counts.</param>
    /// <param name="stagesOutChannels">Five positive channel counts; the three stage widths must be even.</param>
    /// <exception cref="ArgumentException">A list has the wrong length or a value is out of range.</exception>
    public static ShuffleNetV2Architecture Create(IEnumerable<int> stagesRepeats, IEnumerable<long> stagesOutChannels)
    {
        ArgumentNullException.ThrowIfNull(stagesRepeats);
        ArgumentNullException.ThrowIfNull(stagesOutChannels);
        var repeats = stagesRepeats.ToArray();
        var channels = stagesOutChannels.ToArray();
        if (repeats.Length != 3)
        {
            throw new ArgumentException($"stagesRepeats needs 3 values (one per stage), got {repeats.Length}: [{string.Join(", ", repeats)}].", nameof(stagesRepeats));
        }

        if (repeats.Any(r => r <= 0))
        {
            throw new ArgumentException($"stagesRepeats must all be positive, got [{string.Join(", ", repeats)}].", nameof(stagesRepeats));
        }

        if (channels.Length != 5)
        {
            throw new ArgumentException($"stagesOutChannels needs 5 values (conv1, three stages, conv5), got {channels.Length}: [{string.Join(", ", channels)}].", nameof(stagesOutChannels));
        }

        if (channels.Any(c => c <= 0) || channels.Skip(1).Take(3).Any(c => c % 2 != 0))
        {
            throw new ArgumentException($"stagesOutChannels must all be positive and the three stage widths even, got [{string.Join(", ", channels)}].", nameof(stagesOutChannels));
        }

        return new ShuffleNetV2Architecture(repeats, channels);
    }

    /// <summary>The preset width this architecture equals, if any.</summary>
    public ShuffleNetV2Width? Width => Enum.GetValues<ShuffleNetV2Width>().Cast<ShuffleNetV2Width?>().FirstOrDefault(w => For(w!.Value).Equals(this));

    /// <inheritdoc />
    public bool Equals(ShuffleNetV2Architecture? other) =>
        other is not null && StagesRepeats.SequenceEqual(other.StagesRepeats) && StagesOutChannels.SequenceEqual(other.StagesOutChannels);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ShuffleNetV2Architecture);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StagesRepeats.Sum(), StagesOutChannels.Sum());

    /// <inheritdoc />
    public override string ToString() =>
        $"stages_repeats [{string.Join(", ", StagesRepeats)}], stages_out_channels [{string.Join(", ", StagesOutChannels)}]";
}
