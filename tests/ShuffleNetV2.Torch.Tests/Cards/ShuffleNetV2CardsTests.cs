using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using FluentAssertions.Execution;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using Xunit;

namespace ShuffleNet.Torch.Tests.Cards;

/// <summary>ShuffleNetV2 in model cards: the architecture entry both ways, the network a card builds, the registry's cards.</summary>
public sealed class ShuffleNetV2CardsTests
{
    public static TheoryData<string, int[], long[]> Architectures => new()
    {
        { "0.5x", [4, 8, 4], [24, 48, 96, 192, 1024] },
        { "1.0x", [4, 8, 4], [24, 116, 232, 464, 1024] },
        { "1.5x", [4, 8, 4], [24, 176, 352, 704, 1024] },
        { "2.0x", [4, 8, 4], [24, 244, 488, 976, 2048] },
        { "custom", [1, 1, 1], [8, 16, 32, 64, 128] },
    };

    public static TheoryData<string> EntryNames => [.. ShuffleNetV2Weights.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ToCard_Architecture_IsTorchvisionsConstructorArgumentsAndReadsBack(string what, int[] repeats, long[] channels)
    {
        var architecture = ShuffleNetV2Architecture.Create(repeats, channels);

        var entry = architecture.ToCard();

        entry.Name.Should().Be("shufflenet_v2", what);
        entry.Config.GetRawText().Should().Be($"{{\"stages_repeats\":[{string.Join(",", repeats)}],\"stages_out_channels\":[{string.Join(",", channels)}]}}");
        entry.ToShuffleNetV2().Should().Be(architecture);
        entry.ToShuffleNetV2().StagesOutChannels.Should().Equal(channels);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ToShuffleNetV2_CardWrittenAndParsed_IsTheSameArchitecture(string what, int[] repeats, long[] channels)
    {
        var architecture = ShuffleNetV2Architecture.Create(repeats, channels);
        var card = ShuffleNetV2Cards.Create(architecture, ["a", "b"], ImageClassificationTransform.ImageNet);

        var read = ModelCard.Parse(card.ToJson(), what);

        read.Architecture.ToShuffleNetV2().Should().Be(architecture);
        read.Should().Be(card);
    }

    [Fact]
    public void ToShuffleNetV2_AnotherArchitectureName_ThrowsInvalidDataNamingBoth()
    {
        var entry = new ModelArchitecture("resnet18", JsonDocument.Parse("""{"layers": [2, 2, 2, 2]}""").RootElement);

        var act = () => entry.ToShuffleNetV2();

        act.Should().Throw<InvalidDataException>().WithMessage("The model card describes a 'resnet18', not a ShuffleNetV2 ('shufflenet_v2').");
    }

    [Theory]
    [InlineData("""{"stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 8, 4]}""")]
    [InlineData("""{"stages_repeats": "4,8,4", "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": null, "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 8.5, 4], "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, "8", 4], "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 8], "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 0, 4], "stages_out_channels": [24, 48, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 8, 4], "stages_out_channels": [24, 47, 96, 192, 1024]}""")]
    [InlineData("""{"stages_repeats": [4, 8, 4], "stages_out_channels": [24, 48, 96, 192, 1e30]}""")]
    public void ToShuffleNetV2_BrokenSettings_ThrowsInvalidDataShowingThem(string settings)
    {
        var entry = new ModelArchitecture("shufflenet_v2", JsonDocument.Parse(settings).RootElement);

        var act = () => entry.ToShuffleNetV2();

        act.Should().Throw<InvalidDataException>().WithMessage("The model card's ShuffleNetV2 settings are not usable (shufflenet_v2 {*}): *");
    }

    [Fact]
    public void CreateModel_CustomCard_HasTheCardsArchitectureAndClassCount()
    {
        var architecture = ShuffleNetV2Architecture.Create([1, 1, 1], [8, 16, 32, 64, 128]);
        var card = ShuffleNetV2Cards.Create(architecture, ["a", "b", "c"], new ImageClassificationTransform(32, 32, null, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]));

        using var model = card.CreateModel();

        model.Architecture.Should().Be(architecture);
        model.NumClasses.Should().Be(3);
    }

    [Fact]
    public void CreateModel_CardOfAnotherNetwork_ThrowsInvalidData()
    {
        var card = new ModelCard
        {
            Architecture = new ModelArchitecture("resnet18", JsonDocument.Parse("{}").RootElement),
            Classes = ["a", "b"],
            Transform = ImageClassificationTransform.ImageNet,
        };

        var act = () => card.CreateModel();

        act.Should().Throw<InvalidDataException>().WithMessage("*'resnet18'*");
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Card_RegistryEntry_AgreesWithTheEntry(string name)
    {
        var entry = ShuffleNetV2Weights.All.Single(e => e.Name == name);

        var card = entry.Card;

        using var scope = new AssertionScope(name);
        card.Architecture.ToShuffleNetV2().Should().Be(ShuffleNetV2Architecture.For(entry.Width));
        card.Classes.Should().Equal(entry.Categories);
        card.ClassCount.Should().Be(1000);
        card.Transform.Should().Be(entry.Transforms);
        card.InputChannels.Should().Be(3);
        card.Weights.Should().Be(entry.FileName);
        card.Provenance!.Data!.Kind.Should().Be("imagenet-1k");
        card.Provenance.Recipe.Should().Be(entry.Recipe.ToString());
        card.Provenance.Metrics["test_top1"].Should().BeApproximately(entry.Acc1 / 100, 1e-12);
        card.Provenance.Metrics["test_top5"].Should().BeApproximately(entry.Acc5 / 100, 1e-12);
        card.Provenance.Tool.Should().Contain(entry.Name).And.Contain(entry.Url.ToString());
        ModelCard.Parse(card.ToJson(), name).Should().Be(card);
    }

    [Theory]
    [InlineData("ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1", 0.60552, 256)]
    [InlineData("ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1", 0.76230, 232)]
    public void Card_RegistryEntry_HoldsTorchvisionsPublishedNumbers(string name, double top1, int resize)
    {
        var card = ShuffleNetV2Weights.All.Single(e => e.Name == name).Card;

        card.Provenance!.Metrics["test_top1"].Should().BeApproximately(top1, 1e-9);
        card.Transform.ResizeSize.Should().Be(resize);
        card.Transform.CropHeight.Should().Be(224);
        card.Classes[0].Should().Be("tench");
    }
}
