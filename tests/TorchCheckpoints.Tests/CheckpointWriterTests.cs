using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using FluentAssertions;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests;

public sealed class CheckpointWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("checkpoint-writer-").FullName;

    public static TheoryData<CheckpointFormat> WrittenFormats => new() { CheckpointFormat.PyTorchZip, CheckpointFormat.Safetensors, CheckpointFormat.TorchSharp };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(WrittenFormats))]
    public void Write_PyTorchsStateDictOfEveryElementType_ReadsBackBitIdenticalInOrder(CheckpointFormat format)
    {
        using var scope = NewDisposeScope();
        using var source = CheckpointReader.Read(DtypesFixture.ZipPath);
        var entries = WritableEntries(source, format);
        var path = Path.Combine(_directory, "copy.bin");

        CheckpointWriter.Write(path, entries, format);

        using var copy = CheckpointReader.Read(path);
        copy.Format.Should().Be(format);
        copy.Entries.Select(e => e.Key).Should().Equal(entries.Select(e => e.Key));
        foreach (var ((key, written), (_, read)) in entries.Zip(copy.Entries))
        {
            read.dtype.Should().Be(written.dtype, key);
            read.shape.Should().Equal(written.shape, key);
            read.bytes.ToArray().Should().Equal(written.contiguous().bytes.ToArray(), key);
        }
    }

    [Theory]
    [MemberData(nameof(WrittenFormats))]
    public void WriteToStream_EveryElementType_ReadsBackFromTheStreamBitIdenticalInOrder(CheckpointFormat format)
    {
        using var scope = NewDisposeScope();
        using var source = CheckpointReader.Read(DtypesFixture.ZipPath);
        var entries = WritableEntries(source, format);
        using var stream = new MemoryStream();

        CheckpointWriter.Write(stream, entries, format);
        stream.Position = 0;

        using var copy = CheckpointReader.Read(stream, format, "in memory");
        (copy.Path, copy.Format).Should().Be(("in memory", format));
        copy.Entries.Select(e => e.Key).Should().Equal(entries.Select(e => e.Key));
        foreach (var ((key, written), (_, read)) in entries.Zip(copy.Entries))
        {
            read.bytes.ToArray().Should().Equal(written.contiguous().bytes.ToArray(), key);
        }
    }

    [Theory]
    [MemberData(nameof(WrittenFormats))]
    public void Write_ChannelsLastAndTransposedTensors_WritesTheirValuesInTheStandardLayout(CheckpointFormat format)
    {
        // A network trained on channels-last activations can hold channels-last weights, gradients and optimizer
        // state; a transposed weight is a view. Files always hold the values in row-major order.
        using var scope = NewDisposeScope();
        manual_seed(7);
        var convWeight = randn(24, 3, 3, 3);
        var matrix = randn(5, 7);
        var entries = new List<KeyValuePair<string, Tensor>>
        {
            new("conv.weight", convWeight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)),
            new("fc.weight", matrix.t()),
        };
        entries.Should().AllSatisfy(e => e.Value.is_contiguous().Should().BeFalse());
        var path = Path.Combine(_directory, "layouts.bin");

        CheckpointWriter.Write(path, entries, format);

        using var copy = CheckpointReader.Read(path);
        var read = copy.Entries.ToDictionary(e => e.Key, e => e.Value);
        read["conv.weight"].is_contiguous().Should().BeTrue();
        read["conv.weight"].equal(convWeight).all().item<bool>().Should().BeTrue();
        read["fc.weight"].equal(matrix.t()).all().item<bool>().Should().BeTrue();
        entries[0].Value.is_contiguous().Should().BeFalse("the caller's tensors are left as they were");
    }

    [Fact]
    public void ReadFromStream_EmptyTorchSharpStateDict_HasNoEntries()
    {
        using var stream = new MemoryStream();
        CheckpointWriter.Write(stream, [], CheckpointFormat.TorchSharp);
        stream.Position = 0;

        using var copy = CheckpointReader.Read(stream, CheckpointFormat.TorchSharp, "empty");

        copy.Entries.Should().BeEmpty();
    }

    [Fact]
    public void ReadFromStream_CutShort_ThrowsNamingTheStream()
    {
        using var scope = NewDisposeScope();
        using var source = CheckpointReader.Read(DtypesFixture.ZipPath);
        using var stream = new MemoryStream();
        CheckpointWriter.Write(stream, WritableEntries(source, CheckpointFormat.TorchSharp), CheckpointFormat.TorchSharp);
        using var truncated = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);

        var act = () => CheckpointReader.Read(truncated, CheckpointFormat.TorchSharp, "run.ckpt (model.bin)");

        act.Should().Throw<CheckpointFileException>().WithMessage("*'run.ckpt (model.bin)' (TorchSharp format*").Which.Message.Should().MatchRegex("truncated|damaged");
    }

    [Fact]
    public void Write_PyTorchZip_LaysOutTheArchiveAsTorchSaveDoes()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_directory, "model.pth");

        CheckpointWriter.Write(path, [KeyValuePair.Create("a", ones(2, 3)), KeyValuePair.Create("b.num", tensor(5L))], CheckpointFormat.PyTorchZip);

        using var archive = ZipFile.OpenRead(path);
        archive.Entries.Select(e => e.FullName).Should().BeEquivalentTo("model/data.pkl", "model/data/0", "model/data/1", "model/version");
        archive.Entries.Should().OnlyContain(e => e.CompressedLength == e.Length, "torch.save stores its records uncompressed");
        using var version = new StreamReader(archive.GetEntry("model/version")!.Open(), Encoding.ASCII);
        version.ReadToEnd().Should().Be("3\n");
        archive.GetEntry("model/data/0")!.Length.Should().Be(2 * 3 * sizeof(float));
        archive.GetEntry("model/data/1")!.Length.Should().Be(sizeof(long));
    }

    [Fact]
    public void Write_PyTorchZip_LoadsWithPyBridgesReader()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_directory, "weights.pth");
        var weight = arange(6, dtype: ScalarType.Float32).reshape(2, 3);

        CheckpointWriter.Write(path, [KeyValuePair.Create("layer.weight", weight), KeyValuePair.Create("layer.steps", tensor(9L))], CheckpointFormat.PyTorchZip);

        var loaded = PyTorchUnpickler.UnpickleStateDict(path);
        ((Tensor)loaded["layer.weight"]!).data<float>().ToArray().Should().Equal(0, 1, 2, 3, 4, 5);
        ((Tensor)loaded["layer.steps"]!).item<long>().Should().Be(9);
    }

    [Fact]
    public void Write_WhenWritingFails_LeavesTheEarlierFileAndNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_directory, "weights.safetensors");
        CheckpointWriter.Write(path, [KeyValuePair.Create("w", ones(4))], CheckpointFormat.Safetensors);
        var before = File.ReadAllBytes(path);

        var act = () => CheckpointWriter.WriteAtomically(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("No space left on device (simulated)");
        });

        act.Should().Throw<IOException>().WithMessage("*No space left*");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(_directory).Should().Equal(path);
    }

    [Fact]
    public void Write_LegacyFormat_IsRefusedAsReadOnly()
    {
        using var scope = NewDisposeScope();

        var act = () => CheckpointWriter.Write(Path.Combine(_directory, "x.pth"), [KeyValuePair.Create("w", ones(1))], CheckpointFormat.PyTorchLegacy);

        act.Should().Throw<ArgumentException>().WithMessage("*PyTorchLegacy is read-only*");
    }

    [Fact]
    public void Write_RepeatedKey_IsRefusedAndNothingIsWritten()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_directory, "x.pth");

        var act = () => CheckpointWriter.Write(path, [KeyValuePair.Create("w", ones(1)), KeyValuePair.Create("w", zeros(1))], CheckpointFormat.PyTorchZip);

        act.Should().Throw<ArgumentException>().WithMessage("*'w' appears more than once*");
        File.Exists(path).Should().BeFalse();
    }

    // TorchSharp's own format has no 0-d tensors and safetensors no empty ones here; everything else goes through.
    private static List<KeyValuePair<string, Tensor>> WritableEntries(Checkpoint source, CheckpointFormat format) =>
        source.Entries.Where(e => format == CheckpointFormat.PyTorchZip || (e.Value.dim() > 0 && e.Value.NumberOfElements > 0)).ToList();
}
