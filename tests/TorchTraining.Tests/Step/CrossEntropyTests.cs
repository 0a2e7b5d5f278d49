using System;
using System.Linq;
using FluentAssertions;
using TorchTraining.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Step;

/// <summary>TorchSharp's label-smoothed cross-entropy (what the training step uses) against PyTorch's CrossEntropyLoss(label_smoothing=...).</summary>
public sealed class CrossEntropyTests
{
    [Theory]
    [InlineData("0.0")]
    [InlineData("0.1")]
    [InlineData("0.25")]
    public void CrossEntropy_WithLabelSmoothing_EqualsPyTorch(string smoothing)
    {
        var fixture = Fixtures.Read("step.json").GetProperty("cross_entropy");
        var expected = fixture.GetProperty("losses").GetProperty(smoothing).GetDouble();
        using var logits = tensor(Fixtures.FloatArray(fixture.GetProperty("logits")), [6, 5]);
        using var targets = tensor(fixture.GetProperty("targets").EnumerateArray().Select(e => e.GetInt64()).ToArray());

        using var loss = nn.functional.cross_entropy(logits, targets, label_smoothing: double.Parse(smoothing, System.Globalization.CultureInfo.InvariantCulture));

        Math.Abs(loss.item<float>() - expected).Should().BeLessThanOrEqualTo(1e-6 * expected);
    }
}
