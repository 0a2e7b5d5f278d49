using System.Collections.Generic;
using System.CommandLine;
using ShuffleNet.Torch.Classifier;

namespace ShuffleNet.Torch.Sample;

/// <summary>--size, --resize, --mean and --std of the commands that read a model's recorded eval transform (evaluate, quantize): the library's <see cref="TransformOverrides"/>.</summary>
internal sealed class TransformOptions
{
    /// <summary>The library's names for the transform's parts, as these options.</summary>
    public static readonly (string Property, string Option)[] Names = [("Resize", "--resize"), ("Crop", "--size"), ("Mean", "--mean"), ("Std", "--std")];

    private readonly Option<ImageSize?> _size = Options.Size("The centre crop's height and width, e.g. 64 or 64x48 [default: recorded with the model]");

    private readonly Option<int?> _resize = Options.PositiveInt("--resize", "N",
        "Resize the shorter side to N before the crop [default: recorded with the model; none when nothing is recorded]");

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

    public TransformOverrides Read(ParseResult parsed) => new()
    {
        Crop = parsed.GetValue(_size),
        Resize = parsed.GetValue(_resize),
        Mean = parsed.GetValue(_mean) is { Length: > 0 } mean ? mean : null,   // System.CommandLine gives an empty array when absent
        Std = parsed.GetValue(_std) is { Length: > 0 } std ? std : null,
    };
}
