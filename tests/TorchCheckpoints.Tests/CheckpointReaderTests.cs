using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests;

public sealed class CheckpointReaderTests
{
    public static TheoryData<string, CheckpointFormat> PyTorchFiles => new()
    {
        { DtypesFixture.ZipPath, CheckpointFormat.PyTorchZip },
        { DtypesFixture.LegacyPath, CheckpointFormat.PyTorchLegacy },
    };

    [Theory]
    [MemberData(nameof(PyTorchFiles))]
    public void Read_PyTorchFileOfEveryElementType_GivesPyTorchsKeysTypesShapesAndValuesInOrder(string path, CheckpointFormat format)
    {
        using var scope = NewDisposeScope();

        using var checkpoint = CheckpointReader.Read(path);

        checkpoint.Format.Should().Be(format);
        checkpoint.Entries.Select(e => e.Key).Should().Equal(DtypesFixture.Entries.Select(e => e.Key));
        foreach (var (expected, (_, tensor)) in DtypesFixture.Entries.Zip(checkpoint.Entries))
        {
            tensor.dtype.Should().Be(expected.DType, expected.Key);
            tensor.shape.Should().Equal(expected.Shape, expected.Key);
            DtypesFixture.Values(tensor).Should().Equal(expected.Values, expected.Key);
        }

        checkpoint.ModuleVersions.Should().BeEquivalentTo(DtypesFixture.ModuleVersions);
    }

    [Fact]
    public void DetectFormat_EachFormat_IsRecognisedFromItsBytes()
    {
        CheckpointReader.DetectFormat(System.IO.File.ReadAllBytes(DtypesFixture.ZipPath)).Should().Be(CheckpointFormat.PyTorchZip);
        CheckpointReader.DetectFormat(System.IO.File.ReadAllBytes(DtypesFixture.LegacyPath)).Should().Be(CheckpointFormat.PyTorchLegacy);
        CheckpointReader.DetectFormat("not a checkpoint"u8.ToArray()).Should().BeNull();
    }
}
