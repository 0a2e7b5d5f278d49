using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Tests.Weights;
using Xunit;

namespace ShuffleNet.Torch.Tests.Pretrained;

public sealed class IdentifyTests : IDisposable
{
    private readonly WeightsFixtures.TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> FileNames => new(ShuffleNetV2Weights.All.Select(e => e.FileName));

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Identify_TorchvisionsFileName_IsThatEntryWithoutReadingTheFile(string fileName)
    {
        var entry = ShuffleNetV2Weights.Identify(Path.Combine(_temp.Path, "not-created", fileName));

        entry.Should().NotBeNull();
        entry!.FileName.Should().Be(fileName);
    }

    [Theory]
    [InlineData("shufflenetv2_x1_5-3c479a10.pth", 232)]
    [InlineData("shufflenetv2_x2_0-8be3c8ee.pth", 232)]
    [InlineData("shufflenetv2_x1-5666bf0f80.pth", 256)]
    [InlineData("shufflenetv2_x0.5-f707e7126e.pth", 256)]
    public void Identify_TorchvisionsFile_GivesTheTransformTorchvisionEvaluatesItWith(string fileName, int resize)
    {
        ShuffleNetV2Weights.Identify(fileName)!.Transforms.ResizeSize.Should().Be(resize);
    }

    [Theory]
    [InlineData("my-copy-3c479a10.pth", ShuffleNetV2Width.X1_5)]
    [InlineData("x2-8be3c8ee.safetensors", ShuffleNetV2Width.X2_0)]
    [InlineData("x1-5666bf0f.pth", ShuffleNetV2Width.X1_0)]
    public void Identify_NameWithAnEntrysHashSuffix_IsThatEntry(string fileName, ShuffleNetV2Width width)
    {
        ShuffleNetV2Weights.Identify(Path.Combine(_temp.Path, fileName)).Should().BeSameAs(ShuffleNetV2Weights.Default(width));
    }

    [Fact]
    public void Identify_OtherFile_IsNone()
    {
        var path = _temp.File("tiny.pth");
        File.Copy(WeightsFixtures.HashNamedLegacy, path);

        ShuffleNetV2Weights.Identify(path).Should().BeNull();
        ShuffleNetV2Weights.Identify(WeightsFixtures.HashNamedLegacy).Should().BeNull("its hash suffix is no entry's");
    }

    [Fact]
    public void Identify_PublishedFileUnderAnotherName_IsFoundByItsContent()
    {
        // An entry whose prefix is the fixture's own SHA-256 prefix, as a published file's is.
        var prefix = Path.GetFileNameWithoutExtension(WeightsFixtures.HashNamedLegacy).Split('-')[^1];
        var entry = TestEntries.At(new Uri($"https://example.org/models/shufflenetv2_x0.5-{prefix}.pth"));
        var renamed = _temp.File("renamed.pth");
        File.Copy(WeightsFixtures.HashNamedLegacy, renamed);

        ShuffleNetV2Weights.Identify(renamed, [.. ShuffleNetV2Weights.All, entry]).Should().BeSameAs(entry);
    }

    [Fact]
    public void Identify_UnknownNameAndNoFile_ThrowsFileNotFoundNamingIt()
    {
        var path = _temp.File("missing.pth");

        var act = () => ShuffleNetV2Weights.Identify(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*'{path}'*").Which.FileName.Should().Be(path);
    }
}
