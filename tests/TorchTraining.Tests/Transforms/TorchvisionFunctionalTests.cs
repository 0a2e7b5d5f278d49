using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchImaging;
using TorchTraining.Tests.Support;
using TorchTraining.Transforms;
using Xunit;
using static TorchSharp.torch;

namespace TorchTraining.Tests.Transforms;

/// <summary>
/// The deterministic operations against torchvision.transforms.functional with fixed parameters
/// (tools/make_transform_fixtures.py, section "functional"): 8-bit outputs byte for byte, float32 within 1e-6.
/// </summary>
public sealed class TorchvisionFunctionalTests
{
    public static TheoryData<int> FunctionalCases => new(Enumerable.Range(0, Fixtures.Transforms.GetProperty("functional").GetArrayLength()));

    [Theory]
    [MemberData(nameof(FunctionalCases))]
    public void Operation_FixedParameters_MatchesTorchvision(int index)
    {
        var entry = Fixtures.Case("functional", index);
        var op = entry.GetProperty("op").GetString()!;
        var input = Fixtures.Input(entry.GetProperty("input").GetString()!);
        var p = entry.GetProperty("params");
        var because = $"{op} {p} on {entry.GetProperty("input").GetString()}";

        if (op is "to_tensor_normalize" or "erase")
        {
            CompareFloats(Floats(op, input, p), Fixtures.Floats(entry.GetProperty("output")), because);
            return;
        }

        var actual = op switch
        {
            "resized_crop" => PilBilinearResize.ResizeCrop(input, Int(p, "left"), Int(p, "top"), Int(p, "width"), Int(p, "height"), Int(p, "size"), Int(p, "size")),
            "pad_crop" => ImageGeometry.Crop(input, Int(p, "top") - Int(p, "padding"), Int(p, "left") - Int(p, "padding"), Int(p, "size"), Int(p, "size"), (byte)Int(p, "fill")),
            "hflip" => ImageGeometry.FlipHorizontally(input),
            "resize" => ResizeFor(p.GetProperty("size")).Apply(input, NoRandom.Instance),
            "center_crop" => new CenterCrop(Int(p, "height"), Int(p, "width")).Apply(input, NoRandom.Instance),
            _ => throw new InvalidOperationException($"Unknown fixture op {op}."),
        };

        var expected = Fixtures.Image(entry.GetProperty("output"));
        actual.Pixels.SequenceEqual(expected.Pixels).Should().BeTrue($"{because}: {Fixtures.Difference(actual, expected)}");
        actual.ToString().Should().Be(expected.ToString());
    }

    [Fact]
    public void FlipHorizontally_Twice_GivesTheImageBack()
    {
        var image = Fixtures.Input("rgb_45x31");

        ImageGeometry.FlipHorizontally(ImageGeometry.FlipHorizontally(image)).Pixels.Should().Equal(image.Pixels);
    }

    private static float[] Floats(string op, ByteImage input, JsonElement p)
    {
        using var scope = NewDisposeScope();
        if (op == "to_tensor_normalize")
        {
            var normalize = p.GetProperty("mean").ValueKind == JsonValueKind.Null
                ? Array.Empty<ITensorTransform>()
                : [new Normalize(FloatList(p.GetProperty("mean")), FloatList(p.GetProperty("std")))];
            return new Compose([], new ToTensor(), normalize).Apply(input, NoRandom.Instance).data<float>().ToArray();
        }

        var values = new Compose([], new ToTensor(), [new Normalize([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f])])
            .Apply(input, NoRandom.Instance).data<float>().ToArray();
        var image = new FloatImage(values, input.Channels, input.Height, input.Width);
        var box = new CropBox(Int(p, "top"), Int(p, "left"), Int(p, "height"), Int(p, "width"));
        var noise = p.TryGetProperty("noise", out var n) ? Fixtures.Floats(n).Values : null;
        RandomErasing.Erase(image, box, noise is null ? (float)p.GetProperty("value").GetDouble() : 0f, noise);
        return values;
    }

    private static void CompareFloats(float[] actual, (float[] Values, long[] Shape) expected, string because)
    {
        actual.Should().HaveCount(expected.Values.Length, because);
        var largest = actual.Zip(expected.Values, (a, b) => Math.Abs(a - b)).Max();
        largest.Should().BeLessThanOrEqualTo(1e-6f, because);
    }

    private static Resize ResizeFor(JsonElement size) =>
        size.GetArrayLength() == 1 ? new Resize(size[0].GetInt32()) : new Resize(size[0].GetInt32(), size[1].GetInt32());

    private static float[] FloatList(JsonElement list) => list.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static int Int(JsonElement p, string name) => p.GetProperty(name).GetInt32();
}
