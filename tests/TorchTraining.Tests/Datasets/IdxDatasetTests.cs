using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using TorchTraining.Datasets;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Datasets;

public sealed class IdxDatasetTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("torchtraining-idx-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData(IdxSplit.Train, 2000)]
    [InlineData(IdxSplit.Test, 500)]
    public void Open_FashionMnistSubset_ReadsBalancedGreyImagesWithFashionNames(IdxSplit split, int count)
    {
        var dataset = IdxDataset.Open(Fixtures.FashionSubset, split);

        dataset.Count.Should().Be(count);
        dataset.Classes.Should().Equal(IdxDataset.FashionMnistClasses);
        (dataset.Width, dataset.Height).Should().Be((28, 28));
        Enumerable.Range(0, count).GroupBy(dataset.GetLabel).Select(g => g.Count()).Should().AllBeEquivalentTo(count / 10);
        var sample = dataset.Get(count - 1);
        sample.Image.ToString().Should().Be("28×28×1");
        sample.Label.Should().Be(dataset.GetLabel(count - 1));
    }

    [Fact]
    public void Get_SameIndexTwice_GivesEqualCopies()
    {
        var dataset = Fixtures.FashionTest;

        var first = dataset.Get(3).Image;
        first.Pixels[0] ^= 0xFF;

        dataset.Get(3).Image.Pixels[0].Should().Be((byte)(first.Pixels[0] ^ 0xFF));
    }

    [Fact]
    public void Open_UncompressedFilesAndGzipUnderAnyName_ReadTheSameSamples()
    {
        var folder = Folder("plain-digits");
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), Gunzip("t10k-images-idx3-ubyte.gz"));
        File.Copy(Path.Combine(Fixtures.FashionSubset, "t10k-labels-idx1-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte"));

        var dataset = IdxDataset.Open(folder, IdxSplit.Test);

        dataset.Classes.Should().Equal(IdxDataset.DigitClasses, "the folder's name does not say fashion");
        dataset.Count.Should().Be(500);
        Enumerable.Range(0, 500).Should().OnlyContain(i => dataset.Get(i).Image.Pixels.SequenceEqual(Fixtures.FashionTest.Get(i).Image.Pixels) && dataset.GetLabel(i) == Fixtures.FashionTest.GetLabel(i));
    }

    [Fact]
    public void Open_ClassesFileOrArgument_NamesTheClasses()
    {
        var folder = CopyOfTestFiles("named");
        var names = Enumerable.Range(0, 10).Select(i => $"class {i}").ToArray();
        File.WriteAllLines(Path.Combine(folder, "classes.txt"), names.Append(string.Empty));

        IdxDataset.Open(folder, IdxSplit.Test).Classes.Should().Equal(names);
        IdxDataset.Open(folder, IdxSplit.Test, IdxDataset.DigitClasses).Classes.Should().Equal(IdxDataset.DigitClasses);
    }

    [Fact]
    public void Open_MissingFolder_ThrowsNamingIt()
    {
        var folder = Path.Combine(_temp, "nowhere");

        var act = () => IdxDataset.Open(folder, IdxSplit.Train);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"*'{folder}' does not exist*");
    }

    [Fact]
    public void Open_MissingFile_ThrowsNamingTheFolderAndFile()
    {
        var folder = CopyOfTestFiles("no-labels");
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        var act = () => IdxDataset.Open(folder, IdxSplit.Test);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*'{folder}' has no 't10k-labels-idx1-ubyte' or 't10k-labels-idx1-ubyte.gz'*");
    }

    [Fact]
    public void Open_LabelsWhereImagesShouldBe_ThrowsWrongMagicNamingTheFile()
    {
        var folder = CopyOfTestFiles("swapped");
        var images = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        File.Copy(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), images, overwrite: true);

        var act = () => IdxDataset.Open(folder, IdxSplit.Test);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{images}' is not an IDX image file: magic number 0x00000801, expected 0x00000803.");
    }

    [Theory]
    [InlineData(-1000, "*is truncated: its header announces 500 images of 28×28 pixels (392,000 bytes), it holds 391,000*")]
    [InlineData(-392_004, "*is truncated: 12 bytes, shorter than its 16-byte header*")]
    [InlineData(5, "*has 5 bytes more than its header announces*")]
    public void Open_ImagesOfTheWrongLength_ThrowsNamingTheFile(int change, string message)
    {
        var folder = CopyOfTestFiles("cut");
        var images = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        var content = Gunzip("t10k-images-idx3-ubyte.gz");
        content = change < 0 ? content[..(content.Length + change)] : [.. content, .. new byte[change]];
        File.WriteAllBytes(images, Gzip(content));

        var act = () => IdxDataset.Open(folder, IdxSplit.Test);

        act.Should().Throw<InvalidDataException>().WithMessage(message).WithMessage($"*'{images}'*");
    }

    [Fact]
    public void Open_TruncatedGzipStream_ThrowsNamingTheFile()
    {
        var folder = CopyOfTestFiles("cut-gzip");
        var images = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        var content = File.ReadAllBytes(images);
        File.WriteAllBytes(images, content[..(content.Length / 2)]);

        var act = () => IdxDataset.Open(folder, IdxSplit.Test);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{images}'*");
    }

    [Fact]
    public void Open_CountsDiffer_ThrowsNamingBothFiles()
    {
        var folder = CopyOfTestFiles("counts");
        var labels = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        var content = Gunzip("t10k-labels-idx1-ubyte.gz")[..^1];
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(4), 499);
        File.WriteAllBytes(labels, Gzip(content));

        var act = () => IdxDataset.Open(folder, IdxSplit.Test);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{Path.Combine(folder, "t10k-images-idx3-ubyte.gz")}' holds 500 images, '{labels}' 499 labels*");
    }

    [Fact]
    public void Open_LabelOutsideTheClasses_ThrowsNamingTheFileAndSample()
    {
        var folder = CopyOfTestFiles("labels");
        var labels = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");

        var act = () => IdxDataset.Open(folder, IdxSplit.Test, ["a", "b", "c"]);

        act.Should().Throw<InvalidDataException>().WithMessage($"IDX label file '{labels}': label * of sample * is outside the 3 classes (0 to 2).");
    }

    [Fact]
    public void Get_IndexOutOfRange_Throws()
    {
        var act = () => Fixtures.FashionTest.Get(500);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*has 500 samples*");
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;

    private string CopyOfTestFiles(string name)
    {
        var folder = Folder(name);
        foreach (var file in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.Copy(Path.Combine(Fixtures.FashionSubset, file), Path.Combine(folder, file));
        }

        return folder;
    }

    private static byte[] Gunzip(string name)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Fixtures.FashionSubset, name)), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
