using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchImaging;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;

namespace TorchTraining.Tests.Transforms;

/// <summary>
/// The random transforms against torchvision's, fed torchvision's own recorded draws (tools/make_transform_fixtures.py,
/// sections "forward" and "getParams"): the C# sampler must ask for exactly the draws torchvision made, in the same
/// order and ranges, choose the same parameters, and produce the same output.
/// </summary>
public sealed class TorchvisionRandomTransformTests
{
    public static TheoryData<int> ForwardCases => new(Enumerable.Range(0, Fixtures.Transforms.GetProperty("forward").GetArrayLength()));

    public static TheoryData<int> GetParamsCases => new(Enumerable.Range(0, Fixtures.Transforms.GetProperty("getParams").GetArrayLength()));

    [Theory]
    [MemberData(nameof(ForwardCases))]
    public void Apply_TorchvisionsDraws_GivesTorchvisionsOutput(int index)
    {
        var entry = Fixtures.Case("forward", index);
        var name = entry.GetProperty("transform").GetString()!;
        var p = entry.GetProperty("params");
        var input = Fixtures.Input(entry.GetProperty("input").GetString()!);
        var random = new ScriptedRandom(entry.GetProperty("draws"));
        var because = $"{name}({p}) on {entry.GetProperty("input").GetString()} with seed {entry.GetProperty("seed").GetInt32()}";

        if (name == "RandomErasing")
        {
            var values = Normalized(input);
            Erasing(p).Apply(new FloatImage(values, input.Channels, input.Height, input.Width), random);
            var expected = Fixtures.Floats(entry.GetProperty("output")).Values;
            values.Zip(expected, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(1e-6f, because);
        }
        else
        {
            var actual = ImageTransform(name, p).Apply(input, random);
            var expected = Fixtures.Image(entry.GetProperty("output"));
            actual.Pixels.SequenceEqual(expected.Pixels).Should().BeTrue($"{because}: {Fixtures.Difference(actual, expected)}");
            actual.ToString().Should().Be(expected.ToString());
        }

        random.Used.Should().Be(random.Count, $"{because} must use every draw torchvision made");
    }

    [Theory]
    [MemberData(nameof(GetParamsCases))]
    public void SampleBox_TorchvisionsDraws_ChoosesTorchvisionsParameters(int index)
    {
        var entry = Fixtures.Case("getParams", index);
        var name = entry.GetProperty("transform").GetString()!;
        var (width, height) = (entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32());
        var random = new ScriptedRandom(entry.GetProperty("draws"));
        var expected = entry.GetProperty("params").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var because = $"{name} get_params on {width}×{height}, seed {entry.GetProperty("seed").GetInt32()}";

        if (name == "RandomErasing")
        {
            var sampled = RandomErasing.SampleBox(
                entry.GetProperty("channels").GetInt32(), height, width, Fixtures.Range(entry.GetProperty("scale")), Fixtures.Range(entry.GetProperty("ratio")), entry.GetProperty("random").GetBoolean(), random);
            sampled.HasValue.Should().Be(entry.GetProperty("erased").GetBoolean(), because);
            if (sampled is var ((top, left, h, w), _))
            {
                new[] { top, left, h, w }.Should().Equal(expected, because);
            }
        }
        else
        {
            var box = name == "RandomResizedCrop"
                ? RandomResizedCrop.SampleBox(width, height, Fixtures.Range(entry.GetProperty("scale")), Fixtures.Range(entry.GetProperty("ratio")), random)
                : RandomCrop.SampleBox(width, height, entry.GetProperty("size").GetInt32(), random);
            new[] { box.Top, box.Left, box.Height, box.Width }.Should().Equal(expected, because);
        }

        random.Used.Should().Be(random.Count, $"{because} must use every draw torchvision made");
    }

    private static IImageTransform ImageTransform(string name, JsonElement p) => name switch
    {
        "RandomResizedCrop" => new RandomResizedCrop(
            p.GetProperty("size").GetInt32(),
            p.TryGetProperty("scale", out var scale) ? Fixtures.Range(scale) : null,
            p.TryGetProperty("ratio", out var ratio) ? Fixtures.Range(ratio) : null),
        "RandomCrop" => new RandomCrop(
            p.GetProperty("size").GetInt32(),
            p.TryGetProperty("padding", out var padding) ? padding.GetInt32() : 0,
            p.TryGetProperty("fill", out var fill) ? (byte)fill.GetInt32() : (byte)0,
            p.TryGetProperty("pad_if_needed", out var padIfNeeded) && padIfNeeded.GetBoolean()),
        "RandomHorizontalFlip" => new RandomHorizontalFlip(p.TryGetProperty("p", out var probability) ? probability.GetDouble() : 0.5),
        _ => throw new InvalidOperationException($"Unknown fixture transform {name}."),
    };

    private static RandomErasing Erasing(JsonElement p) => new(
        p.TryGetProperty("p", out var probability) ? probability.GetDouble() : 0.5,
        p.TryGetProperty("scale", out var scale) ? Fixtures.Range(scale) : null,
        p.TryGetProperty("ratio", out var ratio) ? Fixtures.Range(ratio) : null,
        p.TryGetProperty("value", out var value) && value.GetString() == "random" ? null : 0f);

    private static float[] Normalized(ByteImage image)
    {
        var (mean, std) = image.Channels == 3 ? (new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }) : ([0.2860f], [0.3530f]);
        using var scope = TorchSharp.torch.NewDisposeScope();
        return new Compose([], new ToTensor(), [new Normalize(mean, std)]).Apply(image, NoRandom.Instance).data<float>().ToArray();
    }
}
