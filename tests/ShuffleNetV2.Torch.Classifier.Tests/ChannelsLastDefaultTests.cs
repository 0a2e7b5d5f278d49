using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>The classifier runs its TorchSharp network on channels-last activations unless told otherwise, with the same logits.</summary>
public sealed class ChannelsLastDefaultTests
{
    [Fact]
    public void Logits_ByDefault_RunChannelsLastAndEqualTheContiguousNetworksLogits()
    {
        using var scope = NewDisposeScope();
        using var reference = TinyModels.Model(seed: 3);
        using var classifier = ShuffleNetV2Classifier.FromModel(TinyModels.Model(seed: 3), TinyModels.Card());
        random.manual_seed(7);
        var images = randn(4, 3, 44, 40);
        var inputStrides = new System.Collections.Generic.List<long[]>();
        var model = classifier.Model!;
        var stem = (TorchSharp.Modules.Sequential)model.named_children().Single(c => c.name == "conv1").module;
        var hook = stem.register_forward_pre_hook((_, input) =>
        {
            inputStrides.Add(input.stride());
            return input;
        });

        var logits = classifier.Logits(images);
        hook.remove();

        model.ChannelsLast.Should().BeTrue();
        inputStrides.Should().ContainSingle().Which.Should().Equal(44 * 40 * 3, 1, 40 * 3, 3);
        using (no_grad())
        {
            var expected = reference.call(images);
            logits.allclose(expected, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        }
    }

    [Fact]
    public void Load_ChannelsLastFalse_KeepsTheNetworksLayout()
    {
        using var classifier = ShuffleNetV2Classifier.FromModel(TinyModels.Model(), TinyModels.Card(), new ClassifierLoadOptions { ChannelsLast = false });

        classifier.Model!.ChannelsLast.Should().BeFalse();
    }
}
