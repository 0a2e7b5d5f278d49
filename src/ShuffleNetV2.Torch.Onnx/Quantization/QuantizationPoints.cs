using System.Collections.Generic;
using System.Linq;
using ShuffleNet.Torch.Onnx.Quantization.Calibration;
using TorchSharp.Modules;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// The activations of a folded ShuffleNetV2 that the quantized graph stores in 8 bits, in forward order: the network
/// input (<c>input</c>), each convolution group's output (<see cref="ConvGroup"/>), each unit's output after the
/// concatenation and channel shuffle (<c>inverted_block.3</c>; the shuffle only moves values) and the pooled features
/// that enter <c>fc</c> (<c>mean</c>). The max pool keeps conv1's quantization (it only picks values).
/// </summary>
/// <remarks>
/// A branch's last layer writes its output straight in its unit's quantization (<see cref="QuantizationPoint.StoredAs"/>;
/// activations stored alike share the union of their ranges): the concatenation then copies it instead of rounding it
/// a second time, which is both faster and more exact.
/// </remarks>
internal static class QuantizationPoints
{
    public const string Input = "input";
    public const string Mean = "mean";

    public static IReadOnlyList<QuantizationPoint> Of(FusedShuffleNetV2 model)
    {
        var layers = model.named_children().ToDictionary(c => c.name, c => c.module);
        var conv1 = ConvGroup.In((Sequential)layers["conv1"], "conv1");
        var points = new List<QuantizationPoint> { new(new ObservationPoint(Input, conv1[0].Conv, Input: true), Input) };
        points.AddRange(conv1.Select(Own));

        foreach (var (name, module) in ((Sequential)layers["inverted_block"]).named_children())
        {
            var path = $"inverted_block.{name}";
            foreach (var (branchName, branch) in module.named_children())
            {
                var groups = ConvGroup.In((Sequential)branch, $"{path}.{branchName}");
                points.AddRange(groups.Select((group, i) => i == groups.Count - 1 ? new QuantizationPoint(Point(group), path) : Own(group)));
            }

            points.Add(new QuantizationPoint(new ObservationPoint(path, (InvertedResidual)module), path));
        }

        points.AddRange(ConvGroup.In((Sequential)layers["conv5"], "conv5").Select(Own));
        points.Add(new QuantizationPoint(new ObservationPoint(Mean, (Linear)layers["fc"], Input: true), Mean));
        return points;
    }

    private static QuantizationPoint Own(ConvGroup group) => new(Point(group), group.OutputName);

    private static ObservationPoint Point(ConvGroup group) => new(group.OutputName, group.OutputModule);
}

/// <summary>An activation to calibrate, and the activation whose range it is stored with (its own, or its unit's).</summary>
internal sealed record QuantizationPoint(ObservationPoint Observation, string StoredAs)
{
    public string Name => Observation.Name;
}
