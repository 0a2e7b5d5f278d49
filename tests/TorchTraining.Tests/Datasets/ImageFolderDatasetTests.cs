using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using TorchImaging;
using TorchTraining.Datasets;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Datasets;

public sealed class ImageFolderDatasetTests : IDisposable
{
    private static readonly byte[] Png = File.ReadAllBytes(Path.Combine(Fixtures.Folder, "rgb_45x31.png"));
    private readonly string _temp = Directory.CreateTempSubdirectory("torchtraining-folder-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Open_AwkwardNames_GivesTorchvisionsClassesAndSampleOrder()
    {
        using var order = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.Folder, "image_folder_order.json")));
        var root = Tree("order", order.RootElement.GetProperty("tree").EnumerateArray().Select(e => e.GetString()!).ToArray());

        var dataset = ImageFolderDataset.Open(root);

        dataset.Classes.Should().Equal(order.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        var expected = order.RootElement.GetProperty("samples").EnumerateArray().Select(s => (Path.Combine(root, s[0].GetString()!), s[1].GetInt32()));
        Enumerable.Range(0, dataset.Count).Select(i => (dataset.GetPath(i), dataset.GetLabel(i))).Should().Equal(expected);
    }

    [Fact]
    public void Get_PngFile_DecodesInTheChosenColorMode()
    {
        var root = Tree("modes", "cat/a.png", "dog/b.png");

        var rgb = ImageFolderDataset.Open(root).Get(1);
        var gray = ImageFolderDataset.Open(root, new ImageFolderOptions { ColorMode = ColorMode.Gray }).Get(1);

        rgb.Label.Should().Be(1);
        rgb.Image.Pixels.Should().Equal(ImageDecoder.Decode(Path.Combine(Fixtures.Folder, "rgb_45x31.png")).Pixels);
        gray.Image.Pixels.Should().Equal(ImageDecoder.Decode(Path.Combine(Fixtures.Folder, "rgb_45x31.png"), ColorMode.Gray).Pixels);
    }

    [Fact]
    public void OpenSplits_TrainAndValSubfolders_GivesThemAsTheSplits()
    {
        var root = Tree("presplit", "train/cat/1.png", "train/cat/2.png", "train/dog/3.png", "val/cat/4.png", "val/dog/5.png", "val/dog/6.png");

        var splits = ImageFolderDataset.OpenSplits(root);

        splits.FromSubfolders.Should().BeTrue();
        splits.Train.Classes.Should().Equal("cat", "dog");
        Enumerable.Range(0, 3).Select(splits.Train.GetPath).Select(Path.GetFileName).Should().Equal("1.png", "2.png", "3.png");
        Enumerable.Range(0, 3).Select(splits.Validation.GetLabel).Should().Equal(0, 1, 1);
        splits.Validation.Root.Should().Be(Path.Combine(root, "val"));
    }

    [Fact]
    public void OpenSplits_DifferentClassesInTrainAndVal_ThrowsListingThem()
    {
        var root = Tree("mismatch", "train/cat/1.png", "train/dog/2.png", "val/cat/3.png", "val/cow/4.png");

        var act = () => ImageFolderDataset.OpenSplits(root);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{root}': train/ and val/ have different classes (only in train/: 'dog'; only in val/: 'cow')*");
    }

    [Fact]
    public void OpenSplits_OneFolder_SplitsEachClassBySeededFraction()
    {
        var files = Enumerable.Range(0, 20).Select(i => $"cat/{i:D2}.png").Concat(Enumerable.Range(0, 10).Select(i => $"dog/{i:D2}.png")).ToArray();
        var root = Tree("split", files);
        var options = new ImageFolderOptions { ValidationFraction = 0.3, SplitSeed = 5 };

        var splits = ImageFolderDataset.OpenSplits(root, options);
        var again = ImageFolderDataset.OpenSplits(root, options);
        var otherSeed = ImageFolderDataset.OpenSplits(root, new ImageFolderOptions { ValidationFraction = 0.3, SplitSeed = 6 });

        splits.FromSubfolders.Should().BeFalse();
        Labels(splits.Validation).Should().Equal([.. Enumerable.Repeat(0, 6), .. Enumerable.Repeat(1, 3)], "round(20 × 0.3) cats then round(10 × 0.3) dogs");
        Paths(splits.Train).Concat(Paths(splits.Validation)).Should().BeEquivalentTo(files.Select(f => Path.Combine(root, f)));
        Paths(splits.Train).Should().BeInAscendingOrder(StringComparer.Ordinal, "each split keeps torchvision's order");
        Paths(again.Validation).Should().Equal(Paths(splits.Validation));
        Paths(otherSeed.Validation).Should().NotEqual(Paths(splits.Validation));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void OpenSplits_FractionOutsideZeroToOne_Throws(double fraction)
    {
        var root = Tree("fraction", "cat/1.png", "dog/2.png");

        var act = () => ImageFolderDataset.OpenSplits(root, new ImageFolderOptions { ValidationFraction = fraction });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*ValidationFraction must be strictly between 0 and 1*");
    }

    [Fact]
    public void OpenSplits_OneImagePerClass_ThrowsBecauseValidationIsEmpty()
    {
        var root = Tree("tiny", "cat/1.png", "dog/2.png");

        var act = () => ImageFolderDataset.OpenSplits(root);

        act.Should().Throw<InvalidDataException>().WithMessage("*leaves the validation split empty*");
    }

    [Fact]
    public void OpenSplits_TrainWithoutVal_ThrowsSayingSo()
    {
        var root = Tree("halfsplit", "train/cat/1.png", "train/dog/2.png");

        var act = () => ImageFolderDataset.OpenSplits(root);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{root}' has a train/ but no val/ subfolder*");
    }

    [Fact]
    public void Open_MissingRoot_ThrowsNamingIt()
    {
        var root = Path.Combine(_temp, "nowhere");

        var act = () => ImageFolderDataset.Open(root);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"Image folder '{root}' does not exist.");
    }

    [Fact]
    public void Open_NoClassFolder_ThrowsNamingTheRoot()
    {
        var root = Tree("flat");
        File.WriteAllBytes(Path.Combine(root, "loose.png"), Png);

        var act = () => ImageFolderDataset.Open(root);

        act.Should().Throw<InvalidDataException>().WithMessage($"Image folder '{root}' has no class subfolders*");
    }

    [Fact]
    public void Open_SingleClass_ThrowsNamingIt()
    {
        var root = Tree("single", "cat/1.png");

        var act = () => ImageFolderDataset.Open(root);

        act.Should().Throw<InvalidDataException>().WithMessage("*a single class subfolder ('cat'): classification needs at least two*");
    }

    [Fact]
    public void Open_ClassWithoutImages_ThrowsNamingTheClass()
    {
        var root = Tree("empty-class", "cat/1.png", "dog/readme.txt", "cow/2.png");

        var act = () => ImageFolderDataset.Open(root);

        act.Should().Throw<InvalidDataException>().WithMessage($"Image folder '{root}': class folder(s) 'dog' hold no image files (.jpg .jpeg .png*");
    }

    [Fact]
    public void Get_UnreadableImage_ThrowsImageFileExceptionNamingTheFile()
    {
        var root = Tree("broken", "cat/1.png", "dog/2.png");
        var broken = Path.Combine(root, "dog", "2.png");
        File.WriteAllBytes(broken, Png[..(Png.Length / 2)]);
        var dataset = ImageFolderDataset.Open(root);

        var act = () => dataset.Get(1);

        dataset.Count.Should().Be(2, "files are only checked when read unless skipping is asked for");
        act.Should().Throw<ImageFileException>().WithMessage($"*'{broken}'*").Which.FilePath.Should().Be(broken);
    }

    [Fact]
    public void Open_SkipUnreadableFiles_LeavesThemOutAndListsThem()
    {
        var root = Tree("skip", "cat/1.png", "cat/2.png", "cat/3.png", "dog/4.png", "dog/5.png");
        File.WriteAllBytes(Path.Combine(root, "cat", "2.png"), []);
        File.WriteAllText(Path.Combine(root, "dog", "5.png"), "not an image");

        var dataset = ImageFolderDataset.Open(root, new ImageFolderOptions { SkipUnreadableFiles = true });

        dataset.SkippedFiles.Should().Equal(Path.Combine(root, "cat", "2.png"), Path.Combine(root, "dog", "5.png"));
        Paths(dataset).Select(Path.GetFileName).Should().Equal("1.png", "3.png", "4.png");
        Labels(dataset).Should().Equal(0, 0, 1);
    }

    [Fact]
    public void OpenSplits_SkipUnreadableFilesInSubfolders_ReportsBothSplits()
    {
        var root = Tree("skip-splits", "train/cat/1.png", "train/cat/2.png", "train/dog/3.png", "val/cat/4.png", "val/dog/5.png", "val/dog/6.png");
        File.WriteAllBytes(Path.Combine(root, "train", "cat", "2.png"), []);
        File.WriteAllBytes(Path.Combine(root, "val", "dog", "6.png"), []);

        var splits = ImageFolderDataset.OpenSplits(root, new ImageFolderOptions { SkipUnreadableFiles = true });

        splits.SkippedFiles.Should().HaveCount(2);
        (splits.Train.Count, splits.Validation.Count).Should().Be((2, 2));
    }

    [Fact]
    public void Open_SkippingEmptiesAClass_ThrowsSayingFilesWereSkipped()
    {
        var root = Tree("skip-all", "cat/1.png", "dog/2.png");
        File.WriteAllBytes(Path.Combine(root, "dog", "2.png"), []);

        var act = () => ImageFolderDataset.Open(root, new ImageFolderOptions { SkipUnreadableFiles = true });

        act.Should().Throw<InvalidDataException>().WithMessage("*'dog' hold no readable (1 unreadable skipped) image files*");
    }

    private static string[] Paths(ImageFolderDataset dataset) => Enumerable.Range(0, dataset.Count).Select(dataset.GetPath).ToArray();

    private static int[] Labels(ImageFolderDataset dataset) => Enumerable.Range(0, dataset.Count).Select(dataset.GetLabel).ToArray();

    private string Tree(string name, params string[] files)
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Png);
        }

        return root;
    }
}
