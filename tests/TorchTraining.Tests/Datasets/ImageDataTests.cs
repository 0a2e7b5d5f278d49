using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchCheckpoints;
using TorchTraining.Datasets;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Datasets;

/// <summary>ImageData: which layout a folder holds, its splits as training and evaluation open them, and a model's pinned class list.</summary>
public sealed class ImageDataTests : IDisposable
{
    private static readonly byte[] Png = File.ReadAllBytes(Path.Combine(Fixtures.Folder, "rgb_45x31.png"));
    private readonly string _temp = Directory.CreateTempSubdirectory("torchtraining-imagedata-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void ImageFolderOpen_ValFolderMissingAClass_KeepsTheModelsLabelsForTheOthers()
    {
        var root = Tree("pinned", "train/cat/1.png", "train/dog/2.png", "train/fox/3.png", "val/cat/4.png", "val/fox/5.png", "val/fox/6.png");
        string[] classes = ["cat", "dog", "fox"];

        var val = ImageFolderDataset.Open(Path.Combine(root, "val"), new ImageFolderOptions { Classes = classes });

        val.Classes.Should().Equal("cat", "dog", "fox");
        Enumerable.Range(0, val.Count).Select(i => (Path.GetFileName(val.GetPath(i)), val.GetLabel(i))).Should().Equal(("4.png", 0), ("5.png", 2), ("6.png", 2));
    }

    [Fact]
    public void ImageDataOpenTest_ValFolderMissingAClass_KeepsTheModelsLabelsForTheOthers()
    {
        var root = Tree("pinned-data", "train/cat/1.png", "train/dog/2.png", "train/fox/3.png", "val/cat/4.png", "val/fox/5.png");

        var data = ImageData.OpenTest(root, new ImageDataOptions { Classes = ["cat", "dog", "fox"] });

        data.Classes.Should().Equal("cat", "dog", "fox");
        var test = data.Test.Should().BeOfType<ImageFolderDataset>().Subject;
        Enumerable.Range(0, test.Count).Select(test.GetLabel).Should().Equal(0, 2);
        data.TestSplit.Should().Be("val/");
    }

    [Fact]
    public void ImageFolderOpen_WithoutAClassList_NumbersTheFoldersItHas()
    {
        // What the class list is for: on its own, the val folder makes "fox" label 1.
        var root = Tree("unpinned", "val/cat/4.png", "val/fox/5.png");

        var val = ImageFolderDataset.Open(Path.Combine(root, "val"));

        val.Classes.Should().Equal("cat", "fox");
        val.GetLabel(1).Should().Be(1);
    }

    [Fact]
    public void ImageFolderOpen_FolderTheModelDoesNotKnow_IsRefusedNamingIt()
    {
        var root = Tree("unknown", "cat/1.png", "dog/2.png", "wolf/3.png");

        var act = () => ImageFolderDataset.Open(root, new ImageFolderOptions { Classes = ["cat", "dog"] });

        act.Should().Throw<InvalidDataException>().WithMessage($"Image folder '{root}' has class folder(s) the model does not know: 'wolf' (its classes: cat, dog).");
    }

    [Theory]
    [InlineData("cat")]
    [InlineData("cat,cat")]
    [InlineData("cat,")]
    public void ImageFolderOpen_ClassListNotTwoDistinctNames_ThrowsArgumentException(string list)
    {
        var classes = list.Split(',');
        var root = Tree("bad-list", "cat/1.png", "dog/2.png");

        var act = () => ImageFolderDataset.Open(root, new ImageFolderOptions { Classes = classes });

        act.Should().Throw<ArgumentException>().WithMessage("*at least two distinct, non-empty names*");
    }

    [Fact]
    public void ImageFolderOpen_ClassListAndNoImages_ThrowsNamingTheFolder()
    {
        var root = Tree("no-images", "cat/readme.txt");

        var act = () => ImageFolderDataset.Open(root, new ImageFolderOptions { Classes = ["cat", "dog"] });

        act.Should().Throw<InvalidDataException>().WithMessage($"Image folder '{root}' holds no image files*");
    }

    [Fact]
    public void Detect_FashionSubset_IsIdx()
    {
        ImageData.Detect(Fixtures.FashionSubset).Should().Be(ImageDataKind.Idx);
    }

    [Fact]
    public void Detect_FolderOfClassFolders_IsImageFolder()
    {
        ImageData.Detect(Tree("folder", "cat/1.png", "dog/2.png")).Should().Be(ImageDataKind.ImageFolder);
    }

    [Fact]
    public void Detect_MissingFolder_ThrowsDirectoryNotFoundNamingIt()
    {
        var path = Path.Combine(_temp, "nowhere");

        var act = () => ImageData.Detect(path);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"No data folder at '{path}'.");
    }

    [Fact]
    public void Detect_AFile_ThrowsDirectoryNotFoundSayingItIsAFile()
    {
        var path = Path.Combine(_temp, "data.zip");
        File.WriteAllBytes(path, [1]);

        var act = () => ImageData.Detect(path);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"'{path}' is a file; give the folder that holds the data.");
    }

    [Fact]
    public void Detect_NeitherLayout_ThrowsInvalidDataNamingBoth()
    {
        var path = Tree("loose", "a.png", "b.txt");

        var act = () => ImageData.Detect(path);

        act.Should().Throw<DataLayoutException>().WithMessage($"'{path}' holds neither MNIST-layout IDX files*nor one subfolder of images per class.");
    }

    [Fact]
    public void Open_FashionSubset_GivesTheIdxSplitsAndTheirCardSource()
    {
        var data = ImageData.Open(Fixtures.FashionSubset);

        data.Kind.Should().Be(ImageDataKind.Idx);
        data.KindName.Should().Be("idx");
        data.Path.Should().Be(Path.GetFullPath(Fixtures.FashionSubset));
        (data.Train!.Count, data.Test.Count).Should().Be((2000, 500));
        data.Classes.Should().HaveCount(10).And.StartWith("T-shirt/top");
        data.ToCardSource().Should().Be(new ModelDataSource
        {
            Kind = "idx", Path = Path.GetFullPath(Fixtures.FashionSubset), TrainImages = 2000, TestImages = 500, TestSplit = "t10k",
        });
    }

    [Fact]
    public void OpenTest_FashionSubset_GivesOnlyTheTestSplit()
    {
        var data = ImageData.OpenTest(Fixtures.FashionSubset);

        data.Train.Should().BeNull();
        data.Test.Count.Should().Be(500);
        data.ToCardSource().TrainImages.Should().BeNull();
    }

    [Theory]
    [InlineData(0.3, false)]
    [InlineData(null, true)]
    public void Open_FashionSubsetWithImageFolderOptions_ThrowsArgumentException(double? fraction, bool skip)
    {
        var act = () => ImageData.Open(Fixtures.FashionSubset, new ImageDataOptions { ValidationFraction = fraction, SkipUnreadableFiles = skip });

        act.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage(skip ? "SkipUnreadableFiles applies to image folders*" : "ValidationFraction splits an image folder*");
    }

    [Fact]
    public void Open_TrainAndValFolders_GivesThemAsTheSplits()
    {
        var root = Tree("presplit", "train/cat/1.png", "train/dog/2.png", "train/dog/3.png", "val/cat/4.png", "val/dog/5.png");

        var data = ImageData.Open(root);

        data.Kind.Should().Be(ImageDataKind.ImageFolder);
        (data.Train!.Count, data.Test.Count, data.TestSplit).Should().Be((3, 2, "val/"));
        data.ValidationFraction.Should().BeNull();
        data.ToCardSource().Should().Be(new ModelDataSource { Kind = "image-folder", Path = root, TrainImages = 3, TestImages = 2, TestSplit = "val/" });
    }

    [Fact]
    public void OpenTest_OneFolderSplitByFraction_GivesTheSameTestImagesAsOpen()
    {
        var files = Enumerable.Range(0, 10).SelectMany(i => new[] { $"cat/{i}.png", $"dog/{i}.png" }).ToArray();
        var root = Tree("split", files);
        var options = new ImageDataOptions { ValidationFraction = 0.3, SplitSeed = 5 };

        var training = ImageData.Open(root, options);
        var evaluation = ImageData.OpenTest(root, ImageData.OptionsFor(training.ToCardSource(), training.Classes));

        (training.Train!.Count, training.Test.Count).Should().Be((14, 6));
        training.TestSplit.Should().Be("validation split");
        (training.ValidationFraction, training.SplitSeed).Should().Be((0.3, 5));
        evaluation.ValidationFraction.Should().Be(0.3);
        Paths(evaluation.Test).Should().Equal(Paths(training.Test)).And.HaveCount(6);
    }

    [Fact]
    public void OptionsFor_CardSource_TakesItsFractionSeedAndTheClasses()
    {
        var options = ImageData.OptionsFor(new ModelDataSource { Kind = "image-folder", ValidationFraction = 0.25, SplitSeed = 9 }, ["a", "b"]);

        options.Should().BeEquivalentTo(new ImageDataOptions { Classes = ["a", "b"], ValidationFraction = 0.25, SplitSeed = 9 });
        ImageData.OptionsFor(null, null).Should().BeEquivalentTo(new ImageDataOptions());
    }

    [Fact]
    public void Open_MissingFolder_ThrowsDirectoryNotFoundNamingIt()
    {
        var path = Path.Combine(_temp, "nowhere");

        var act = () => ImageData.Open(path);

        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"*'{path}'*");
    }

    private static string[] Paths(IImageDataset dataset)
    {
        var folder = dataset.Should().BeOfType<ImageFolderDataset>().Subject;
        return Enumerable.Range(0, folder.Count).Select(folder.GetPath).ToArray();
    }

    private string Tree(string name, params string[] files)
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.EndsWith(".png", StringComparison.Ordinal) ? Png : [1, 2, 3]);
        }

        return root;
    }
}
