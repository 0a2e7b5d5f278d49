using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using FluentAssertions.Execution;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>Every value of the registry equals torchvision's (the fixture made from torchvision 0.14's own enums).</summary>
public sealed class RegistryFixtureTests
{
    public static TheoryData<string> Names => new(TorchvisionWeightsFixture.Names.Select(n => (string)n[0]));

    private static ShuffleNetV2Weights Registered(string name) => ShuffleNetV2Weights.All.Single(e => e.Name == name);

    [Fact]
    public void All_AreTorchvisionsEntriesInWidthOrder()
    {
        ShuffleNetV2Weights.All.Select(e => e.Name).Should().Equal(TorchvisionWeightsFixture.Entries.Select(e => e.GetProperty("name").GetString()));
        ShuffleNetV2Weights.All.Select(e => e.Width).Should().Equal(ShuffleNetV2Widths.All);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Entry_FileAndMetadata_AreTorchvisions(string name)
    {
        var expected = TorchvisionWeightsFixture.Entry(name);
        var entry = Registered(name);

        using var scope = new AssertionScope(name);
        entry.Width.ToText().Should().Be(expected.GetProperty("width").GetString());
        entry.Url.Should().Be(new Uri(expected.GetProperty("url").GetString()!));
        entry.FileName.Should().Be(expected.GetProperty("file_name").GetString());
        entry.Sha256Prefix.Should().Be(expected.GetProperty("sha256_prefix").GetString());
        entry.NumParams.Should().Be(expected.GetProperty("num_params").GetInt64());
        entry.MinSize.Should().Be((expected.GetProperty("min_size")[0].GetInt32(), expected.GetProperty("min_size")[1].GetInt32()));
        entry.Recipe.Should().Be(new Uri(expected.GetProperty("recipe").GetString()!));
        entry.Acc1.Should().Be(expected.GetProperty("acc@1").GetDouble());
        entry.Acc5.Should().Be(expected.GetProperty("acc@5").GetDouble());
        entry.GFlops.Should().Be(expected.GetProperty("_ops").GetDouble());
        entry.FileSizeMB.Should().Be(expected.GetProperty("_file_size").GetDouble());
        entry.ToString().Should().Be(name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Entry_Categories_AreTorchvisionsThousandImageNetNames(string name)
    {
        var expected = TorchvisionWeightsFixture.Entry(name);
        var entry = Registered(name);

        entry.Categories.Should().HaveCount(expected.GetProperty("categories_count").GetInt32());
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', entry.Categories))))
            .Should().Be(expected.GetProperty("categories_sha256").GetString());
        entry.Categories.Should().Equal(TorchvisionWeightsFixture.Categories);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Entry_Transforms_AreTorchvisionsImageClassificationArguments(string name)
    {
        var expected = TorchvisionWeightsFixture.Entry(name).GetProperty("transforms");
        var transforms = Registered(name).Transforms;

        using var scope = new AssertionScope(name);
        expected.GetProperty("class").GetString().Should().Be("ImageClassification");
        var crop = expected.GetProperty("crop_size").EnumerateArray().Single().GetInt32();
        transforms.CropHeight.Should().Be(crop);
        transforms.CropWidth.Should().Be(crop);
        transforms.ResizeSize.Should().Be(expected.GetProperty("resize_size").EnumerateArray().Single().GetInt32());
        transforms.Interpolation.ToString().ToLowerInvariant().Should().Be(expected.GetProperty("interpolation").GetString());
        transforms.Mean.Should().Equal(Floats(expected.GetProperty("mean")));
        transforms.Std.Should().Equal(Floats(expected.GetProperty("std")));
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, 256)]
    [InlineData(ShuffleNetV2Width.X1_0, 256)]
    [InlineData(ShuffleNetV2Width.X1_5, 232)]
    [InlineData(ShuffleNetV2Width.X2_0, 232)]
    public void Default_Width_ResizesAsTorchvisionEvaluatesIt(ShuffleNetV2Width width, int resize)
    {
        var entry = ShuffleNetV2Weights.Default(width);

        entry.Width.Should().Be(width);
        entry.Transforms.ResizeSize.Should().Be(resize);
        entry.Transforms.CropHeight.Should().Be(224);
        entry.Transforms.CropWidth.Should().Be(224);
        entry.Transforms.Interpolation.Should().Be(InterpolationMode.Bilinear);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Default_EntryTorchvisionMarksDefault_IsThatEntry(string name)
    {
        var entry = Registered(name);

        (ShuffleNetV2Weights.Default(entry.Width) == entry).Should().Be(TorchvisionWeightsFixture.Entry(name).GetProperty("is_default").GetBoolean());
    }

    [Theory]
    [InlineData(ShuffleNetV2Width.X0_5, CheckpointFormat.PyTorchLegacy)]
    [InlineData(ShuffleNetV2Width.X1_0, CheckpointFormat.PyTorchLegacy)]
    [InlineData(ShuffleNetV2Width.X1_5, CheckpointFormat.PyTorchZip)]
    [InlineData(ShuffleNetV2Width.X2_0, CheckpointFormat.PyTorchZip)]
    public void Format_Width_IsThePublishedFilesFormat(ShuffleNetV2Width width, CheckpointFormat format)
    {
        ShuffleNetV2Weights.Default(width).Format.Should().Be(format);
    }

    [Theory]
    [InlineData("ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1", ShuffleNetV2Width.X1_5)]
    [InlineData("ShuffleNet_V2_X1_5_Weights.DEFAULT", ShuffleNetV2Width.X1_5)]
    [InlineData("shufflenet_v2_x0_5_weights.imagenet1k_v1", ShuffleNetV2Width.X0_5)]
    [InlineData("ShuffleNet_V2_X2_0_Weights.DEFAULT", ShuffleNetV2Width.X2_0)]
    public void Find_TorchvisionName_IsTheEntry(string name, ShuffleNetV2Width width)
    {
        ShuffleNetV2Weights.Find(name).Should().BeSameAs(ShuffleNetV2Weights.Default(width));
    }

    [Theory]
    [InlineData("ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V2")]
    [InlineData("ResNet18_Weights.IMAGENET1K_V1")]
    [InlineData("")]
    public void Find_OtherName_IsNull(string name)
    {
        ShuffleNetV2Weights.Find(name).Should().BeNull();
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
