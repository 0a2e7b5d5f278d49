using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests.Cards;

/// <summary>model.json: its JSON form, its errors, its file and where it is found beside weights.</summary>
public sealed class ModelCardTests : IDisposable
{
    private const string Source = "cards/flowers.json";

    private readonly string _directory = Directory.CreateTempSubdirectory("model-card-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ToJson_EveryField_ParsesBackToTheSameValues()
    {
        var card = FullCard();

        var read = ModelCard.Parse(card.ToJson(), Source);

        read.Architecture.Name.Should().Be("shufflenet_v2");
        read.Architecture.Config.GetProperty("stages_repeats").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(1, 1, 1);
        read.Architecture.Config.GetProperty("stages_out_channels").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(8, 16, 32, 64, 128);
        read.Classes.Should().Equal("T-shirt/top", "dog's \"best\" friend", "l'été");
        read.Transform.Should().Be(new ImageClassificationTransform(48, 40, null, [0.286f], [0.353f], InterpolationMode.Bicubic));
        read.InputChannels.Should().Be(1);
        read.Weights.Should().Be("model.pth");
        var provenance = read.Provenance!;
        provenance.Data.Should().Be(new ModelDataSource
        {
            Kind = "image-folder", Path = "/data/flowers", TrainImages = 80, TestImages = 20, TestSplit = "validation split", ValidationFraction = 0.2, SplitSeed = 7,
        });
        provenance.Recipe.Should().Be("small-images");
        provenance.RecipeSettings!.Value.GetProperty("epochs").GetInt32().Should().Be(3);
        provenance.RecipeSettings.Value.GetProperty("optimizer").GetString().Should().Be("sgd");
        provenance.Metrics.Should().BeEquivalentTo(new Dictionary<string, double> { ["test_top1"] = 0.875, ["test_loss"] = 0.4 });
        provenance.Created.Should().Be(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.FromHours(1)));
        provenance.Tool.Should().Be("ShuffleNetV2.Torch 0.1.0");
        read.Should().Be(card);
    }

    [Fact]
    public void ToJson_MinimalCard_IsTheDocumentedForm()
    {
        var card = new ModelCard
        {
            Architecture = new ModelArchitecture("shufflenet_v2", JsonDocument.Parse("""{"width": 0.5}""").RootElement),
            Classes = ["cat", "dog"],
            Transform = new ImageClassificationTransform(32, 32, 36, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
        };

        card.ToJson().Should().Be("""
            {
              "format": "image-classifier-card",
              "version": 1,
              "architecture": {
                "name": "shufflenet_v2",
                "width": 0.5
              },
              "input_channels": 3,
              "classes": [
                "cat",
                "dog"
              ],
              "eval_transform": {
                "resize": 36,
                "crop": [32, 32],
                "mean": [0.5, 0.5, 0.5],
                "std": [0.25, 0.25, 0.25],
                "interpolation": "bilinear"
              }
            }

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Parse_HandWrittenCard_ReadsEveryField()
    {
        const string json = """
            {"format": "image-classifier-card", "version": 1,
             "architecture": {"name": "shufflenet_v2", "stages_repeats": [4, 8, 4], "stages_out_channels": [24, 48, 96, 192, 1024]},
             "classes": ["a", "b", "c"],
             "eval_transform": {"resize": null, "crop": [28, 32], "mean": [0.5], "std": [0.25]},
             // comments and trailing commas are tolerated
             "provenance": {"data": {"kind": "idx", "test_split": "t10k"}, "metrics": {"test_top1": 0.9, "note": "ignored"}, "created": "2026-12-07T16:00:00Z"},
            }
            """;

        var card = ModelCard.Parse(json, Source);

        card.Architecture.Name.Should().Be("shufflenet_v2");
        card.Architecture.Config.TryGetProperty("name", out _).Should().BeFalse();
        card.Classes.Should().Equal("a", "b", "c");
        card.ClassCount.Should().Be(3);
        card.Transform.Should().Be(new ImageClassificationTransform(28, 32, null, [0.5f], [0.25f]));
        card.Weights.Should().BeNull();
        card.Provenance!.Data.Should().Be(new ModelDataSource { Kind = "idx", TestSplit = "t10k" });
        card.Provenance.Metrics.Should().BeEquivalentTo(new Dictionary<string, double> { ["test_top1"] = 0.9 });
        card.Provenance.Created.Should().Be(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero));
        card.Provenance.Recipe.Should().BeNull();
    }

    public static TheoryData<string, string, string> BrokenCards => new()
    {
        { "not JSON", "{\"format\": ", $"'{Source}' is not a model card: not valid JSON*" },
        { "a JSON array", "[1, 2]", $"'{Source}' is not a model card: its \"format\" is not \"image-classifier-card\"*" },
        { "another format", Card(format: "\"other-card\""), $"'{Source}' is not a model card: its \"format\" is not \"image-classifier-card\"*" },
        { "a newer version", Card(version: "2"), $"'{Source}' is a model card of version 2; this library reads version 1 and older*" },
        { "no version", Card(version: null), $"'{Source}'*\"version\" must be a whole number*" },
        { "no eval_transform", Card(transform: null), $"'{Source}'*\"eval_transform\" must be an object*" },
        { "a crop of one number", Card(transform: """{"crop": [224], "mean": [0.5], "std": [0.5]}"""), $"'{Source}'*\"eval_transform.crop\" must be [height, width]*" },
        { "a crop of three numbers", Card(transform: """{"crop": [1, 2, 3], "mean": [0.5], "std": [0.5]}"""), $"'{Source}'*\"eval_transform.crop\" must be [height, width]*" },
        { "a crop of text", Card(transform: """{"crop": "224", "mean": [0.5], "std": [0.5]}"""), $"'{Source}'*\"eval_transform.crop\" must be an array of whole numbers*" },
        { "an unknown interpolation", Card(transform: """{"crop": [8, 8], "mean": [0.5], "std": [0.5], "interpolation": "lanczos"}"""), $"'{Source}'*\"eval_transform.interpolation\" must be*" },
        { "two means", Card(transform: """{"crop": [8, 8], "mean": [0.5, 0.5], "std": [0.5, 0.5]}"""), $"'{Source}' holds an invalid eval_transform: mean must hold 1 or 3*" },
        { "no std", Card(transform: """{"crop": [8, 8], "mean": [0.5]}"""), $"'{Source}'*\"eval_transform.std\" must be an array of numbers*" },
        { "input_channels disagreeing", Card(channels: "3"), $"'{Source}'*\"input_channels\" must be the number of channels of eval_transform's mean and std (1)*" },
        { "input_channels not whole", Card(channels: "1.5"), $"'{Source}'*\"input_channels\" must be*" },
        { "empty classes", Card(classes: "[]"), $"'{Source}'*\"classes\"*" },
        { "classes of numbers", Card(classes: "[1, 2]"), $"'{Source}'*\"classes\" must be an array of strings*" },
        { "no architecture", Card(architecture: null), $"'{Source}'*\"architecture\" must be an object*" },
        { "an architecture without name", Card(architecture: """{"width": 1}"""), $"'{Source}'*\"architecture.name\" must be a non-empty string*" },
        { "a bad created time", Card(provenance: """{"created": "yesterday"}"""), $"'{Source}'*\"provenance.created\" must be an ISO 8601 time*" },
    };

    [Theory]
    [MemberData(nameof(BrokenCards))]
    public void Parse_BrokenCard_ThrowsInvalidDataExceptionNamingTheSourceAndTheKey(string what, string json, string message)
    {
        var act = () => ModelCard.Parse(json, Source);

        act.Should().Throw<InvalidDataException>(what).WithMessage(message);
    }

    [Fact]
    public void Parse_OlderOrSameVersion_IsRead()
    {
        ModelCard.Parse(Card(version: "0"), Source).ClassCount.Should().Be(2);
        ModelCard.Parse(Card(), Source).ClassCount.Should().Be(2);
    }

    [Fact]
    public void Write_ThenRead_GivesAnEqualCardAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_directory, ModelCard.FileName);
        var card = FullCard();

        card.Write(path);

        ModelCard.Read(path).Should().Be(card);
        File.ReadAllText(path, Encoding.UTF8).Should().Contain("\"l'été\"");
        Directory.GetFiles(_directory).Should().Equal(path);
    }

    [Fact]
    public void Write_OverAnOpenCard_ReplacesTheFileWholeInsteadOfRewritingItInPlace()
    {
        var path = Path.Combine(_directory, ModelCard.FileName);
        File.WriteAllText(path, "old card");
        using var earlier = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        FullCard().Write(path);

        // A rename gives the name a new file; the reader still holds the old one, complete.
        new StreamReader(earlier).ReadToEnd().Should().Be("old card");
        ModelCard.Read(path).Should().Be(FullCard());
    }

    [Fact]
    public void Write_WhenTheRenameFails_LeavesNoTemporaryFile()
    {
        var path = Path.Combine(_directory, ModelCard.FileName);
        Directory.CreateDirectory(Path.Combine(path, "occupied"));

        var act = () => FullCard().Write(path);

        act.Should().Throw<IOException>();
        Directory.GetFiles(_directory).Should().BeEmpty();
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = Path.Combine(_directory, "none", ModelCard.FileName);

        var act = () => ModelCard.Read(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*{path}*").Which.FileName.Should().Be(path);
    }

    [Fact]
    public void Read_BrokenFile_ThrowsInvalidDataNamingTheFile()
    {
        var path = Path.Combine(_directory, ModelCard.FileName);
        File.WriteAllText(path, Card(classes: "[1]"));

        var act = () => ModelCard.Read(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}'*\"classes\"*");
    }

    [Fact]
    public void FindBeside_SiblingJson_IsFound()
    {
        var weights = Touch("flowers.pth");
        var sibling = Path.Combine(_directory, "flowers.json");
        FullCard().Write(sibling);

        var found = ModelCard.FindBeside(weights);

        found.Should().NotBeNull();
        found!.Value.Path.Should().Be(sibling);
        found.Value.Card.Should().Be(FullCard());
    }

    [Fact]
    public void FindBeside_SiblingAndFolderCardNamingTheFile_PrefersTheSibling()
    {
        var weights = Touch("final.pth");
        var sibling = Path.Combine(_directory, "final.json");
        FullCard().Write(sibling);
        (FullCard() with { Classes = ["x", "y", "z"], Weights = "final.pth" }).Write(Path.Combine(_directory, ModelCard.FileName));

        var found = ModelCard.FindBeside(weights);

        found!.Value.Path.Should().Be(sibling);
        found.Value.Card.Classes.Should().Equal(FullCard().Classes);
    }

    [Fact]
    public void FindBeside_FolderCardNamingTheFile_IsFound()
    {
        var weights = Touch("final.safetensors");
        var folderCard = Path.Combine(_directory, ModelCard.FileName);
        var card = FullCard() with { Weights = "final.safetensors" };
        card.Write(folderCard);

        var found = ModelCard.FindBeside(weights);

        found!.Value.Path.Should().Be(folderCard);
        found.Value.Card.Should().Be(card);
    }

    [Theory]
    [InlineData("other.pth")]
    [InlineData(null)]
    public void FindBeside_FolderCardNotNamingTheFile_IsNull(string? named)
    {
        var weights = Touch("final.pth");
        (FullCard() with { Weights = named }).Write(Path.Combine(_directory, ModelCard.FileName));

        ModelCard.FindBeside(weights).Should().BeNull();
    }

    [Fact]
    public void FindBeside_NoCard_IsNull()
    {
        ModelCard.FindBeside(Touch("lonely.pth")).Should().BeNull();
    }

    [Fact]
    public void FindBeside_BrokenSibling_ThrowsInvalidDataNamingIt()
    {
        var weights = Touch("broken.pth");
        var sibling = Path.Combine(_directory, "broken.json");
        File.WriteAllText(sibling, "{}");

        var act = () => ModelCard.FindBeside(weights);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{sibling}'*");
    }

    [Fact]
    public void Equals_DifferentProvenance_IsNotEqual()
    {
        var card = FullCard();

        card.Should().Be(FullCard());
        card.GetHashCode().Should().Be(FullCard().GetHashCode());
        card.Should().NotBe(card with { Provenance = card.Provenance! with { Tool = "other" } });
        card.Should().NotBe(card with { Weights = null });
    }

    [Fact]
    public void Classes_EmptyOrNull_ThrowsArgumentException()
    {
        var empty = () => FullCard() with { Classes = [] };
        var withNull = () => FullCard() with { Classes = ["a", null!] };

        empty.Should().Throw<ArgumentException>().WithMessage("A model card needs at least one class name*");
        withNull.Should().Throw<ArgumentException>().WithMessage("*cannot be null*");
    }

    [Fact]
    public void ToString_Card_SummarisesArchitectureClassesAndTransform()
    {
        FullCard().ToString().Should().Be("shufflenet_v2, 3 classes (T-shirt/top, dog's \"best\" friend, l'été), CenterCrop(48×40), Grayscale(), Normalize(mean=[0.286], std=[0.353])");
    }

    private static ModelCard FullCard() => new()
    {
        Architecture = new ModelArchitecture("shufflenet_v2", JsonDocument.Parse("""{"stages_repeats": [1, 1, 1], "stages_out_channels": [8, 16, 32, 64, 128]}""").RootElement),
        Classes = ["T-shirt/top", "dog's \"best\" friend", "l'été"],
        Transform = new ImageClassificationTransform(48, 40, null, [0.286f], [0.353f], InterpolationMode.Bicubic),
        Weights = "model.pth",
        Provenance = new ModelProvenance
        {
            Data = new ModelDataSource
            {
                Kind = "image-folder", Path = "/data/flowers", TrainImages = 80, TestImages = 20, TestSplit = "validation split", ValidationFraction = 0.2, SplitSeed = 7,
            },
            Recipe = "small-images",
            RecipeSettings = JsonDocument.Parse("""{"epochs": 3, "optimizer": "sgd"}""").RootElement,
            Metrics = new Dictionary<string, double> { ["test_top1"] = 0.875, ["test_loss"] = 0.4 },
            Created = new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.FromHours(1)),
            Tool = "ShuffleNetV2.Torch 0.1.0",
        },
    };

    /// <summary>A valid 1-channel card's JSON with one part replaced (null leaves the key out).</summary>
    private static string Card(
        string? format = "\"image-classifier-card\"",
        string? version = "1",
        string? architecture = """{"name": "shufflenet_v2", "width": 1}""",
        string? channels = "1",
        string? classes = """["a", "b"]""",
        string? transform = """{"resize": 32, "crop": [28, 28], "mean": [0.5], "std": [0.25]}""",
        string? provenance = null)
    {
        var parts = new (string Key, string? Value)[]
        {
            ("format", format), ("version", version), ("architecture", architecture), ("input_channels", channels), ("classes", classes),
            ("eval_transform", transform), ("provenance", provenance),
        };
        return "{" + string.Join(", ", parts.Where(p => p.Value is not null).Select(p => $"\"{p.Key}\": {p.Value}")) + "}";
    }

    private string Touch(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }
}
