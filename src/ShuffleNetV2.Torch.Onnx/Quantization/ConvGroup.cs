using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Onnx.Quantization;

/// <summary>
/// A folded convolution and the ReLU after it, if any: one quantized layer, as torchvision's
/// <c>QuantizableShuffleNetV2.fuse_model</c> groups them (conv+bn+relu, conv+bn). Its output activation is named
/// after the last module of the group (<c>conv1.2</c> for conv1's ReLU, <c>inverted_block.0.branch1.0</c> for a
/// depthwise convolution without ReLU), the module whose output the calibration watches.
/// </summary>
internal sealed record ConvGroup(string ConvPath, Conv2d Conv, string OutputName, nn.Module<Tensor, Tensor> OutputModule)
{
    public bool HasRelu => !ReferenceEquals(Conv, OutputModule);

    /// <summary>The groups of a folded Sequential in order (only convolutions, each with or without a ReLU).</summary>
    /// <exception cref="NotSupportedException">A layer is neither a convolution nor a ReLU right after one.</exception>
    public static IReadOnlyList<ConvGroup> In(Sequential sequential, string path)
    {
        var children = sequential.named_children().ToList();
        var groups = new List<ConvGroup>();
        for (var i = 0; i < children.Count; i++)
        {
            var (name, module) = children[i];
            if (module is not Conv2d conv)
            {
                throw new NotSupportedException($"Quantization expects folded convolutions, each followed by at most one ReLU; '{path}.{name}' is a {module.GetType().Name}.");
            }

            if (i + 1 < children.Count && children[i + 1].module is ReLU relu)
            {
                groups.Add(new ConvGroup($"{path}.{name}", conv, $"{path}.{children[i + 1].name}", relu));
                i++;
            }
            else
            {
                groups.Add(new ConvGroup($"{path}.{name}", conv, $"{path}.{name}", conv));
            }
        }

        return groups;
    }
}
