using System.Collections.Generic;
using System.CommandLine;

namespace ShuffleNet.Torch.Sample;

/// <summary>--size, --resize, --mean and --std of the commands that read a model's recorded eval transform (evaluate, quantize).</summary>
internal sealed class TransformOptions
{
    private readonly Option<InputSize?> _size = SharedOptions.Size("The centre crop's height and width, e.g. 64 or 64x48 [default: recorded with the model]");

    private readonly Option<int?> _resize = new("--resize")
    {
        HelpName = "N",
        Description = "Resize the shorter side to N before the crop [default: recorded with the model; none when nothing is recorded]",
        CustomParser = ValueParsers.PositiveInt,
    };

    private readonly Option<float[]?> _mean = new("--mean")
    {
        HelpName = "R,G,B",
        Description = "Normalisation means [default: recorded with the model]",
        CustomParser = result => ValueParsers.ThreeNumbers(result, positive: false),
    };

    private readonly Option<float[]?> _std = new("--std")
    {
        HelpName = "R,G,B",
        Description = "Normalisation standard deviations [default: recorded with the model]",
        CustomParser = result => ValueParsers.ThreeNumbers(result, positive: true),
    };

    /// <summary>In the order help lists them.</summary>
    public IEnumerable<Option> All => [_size, _resize, _mean, _std];

    public TransformOverrides Read(ParseResult parsed) => new(
        parsed.GetValue(_size),
        parsed.GetValue(_resize),
        parsed.GetValue(_mean) is { Length: > 0 } mean ? mean : null,   // System.CommandLine gives an empty array when absent
        parsed.GetValue(_std) is { Length: > 0 } std ? std : null);
}
