using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchImaging;
using ShuffleNet.Torch.Pretrained;
using ShuffleNet.Torch.Weights;
using TorchCheckpoints;
using TorchCheckpoints.Hub;
using TorchTraining;
using TorchTraining.Checkpoints;
using TorchTraining.Loading;
using Xunit;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Classifier.Tests;

/// <summary>ShuffleNetV2Classifier.Load from each kind of source, with the card that describes it.</summary>
public sealed class ClassifierLoadTests : IDisposable
{
    private readonly TinyModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Load_WeightsFileWithSiblingCard_ClassifiesWithTheCardsTransformAndClassNames()
    {
        var path = _models.SaveWithSiblingCard("flowers.safetensors");

        using var classifier = ShuffleNetV2Classifier.Load(path);

        classifier.Source.Should().Be(new ClassifierSource(ClassifierSourceKind.WeightsFile, path, path, _models.File("flowers.json"), null));
        classifier.Card.Should().Be(TinyModels.Card());
        classifier.Transform.Should().Be(TinyModels.Transform);
        classifier.Classes.Should().Equal(TinyModels.Classes);
        classifier.ClassCount.Should().Be(3);
        classifier.Engine.Should().Be(ClassifierEngine.TorchSharp);
        classifier.LoadImage(TinyModels.Image("rgb_400x300.png")).shape.Should().Equal(1, 3, 32, 40);

        var predictions = classifier.Classify(TinyModels.Image("rgb_400x300.png"));

        // The same network run by hand on the card's transform of the image.
        using var scope = NewDisposeScope();
        using var model = TinyModels.Model();
        using var noGrad = no_grad();
        var probabilities = nn.functional.softmax(model.call(ImageNetPreprocessing.Load(TinyModels.Image("rgb_400x300.png"), TinyModels.Transform)), 1)[0].data<float>().ToArray();
        var order = Enumerable.Range(0, 3).OrderByDescending(i => probabilities[i]).ToArray();
        predictions.Select(p => p.Index).Should().Equal(order);
        predictions.Select(p => p.Label).Should().Equal(order.Select(i => TinyModels.Classes[i]));
        predictions.Select(p => p.Probability).Should().Equal(order.Select(i => probabilities[i]), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Load_RunFolder_ReadsModelJsonAndTheWeightsItNames()
    {
        var folder = Directory.CreateDirectory(_models.File("run")).FullName;
        using (var model = TinyModels.Model(seed: 2))
        {
            model.SaveWeights(Path.Combine(folder, "model.pth"), CheckpointFormat.PyTorchZip);
        }

        var card = TinyModels.Card() with { Weights = "model.pth" };
        card.Write(Path.Combine(folder, ModelCard.FileName));

        using var classifier = ShuffleNetV2Classifier.Load(folder);

        classifier.Source.Should().Be(new ClassifierSource(ClassifierSourceKind.RunFolder, folder, Path.Combine(folder, "model.pth"), Path.Combine(folder, ModelCard.FileName), null));
        classifier.Card.Should().Be(card);
        SameLogits(classifier, seed: 2);
    }

    [Fact]
    public void Load_FolderWithoutModelJsonOrCheckpoint_ThrowsFileNotFoundNamingIt()
    {
        var folder = Directory.CreateDirectory(_models.File("not-a-run")).FullName;

        var act = () => ShuffleNetV2Classifier.Load(folder);

        act.Should().Throw<FileNotFoundException>().WithMessage($"'{folder}' holds neither model.json nor last.ckpt*").Which.FileName.Should().Be(Path.Combine(folder, "model.json"));
    }

    [Fact]
    public void Load_RunFolderWithoutWeightsOrCheckpoint_ThrowsFileNotFoundNamingBoth()
    {
        var folder = Directory.CreateDirectory(_models.File("unfinished")).FullName;
        (TinyModels.Card() with { Weights = "model.pth" }).Write(Path.Combine(folder, ModelCard.FileName));

        var act = () => ShuffleNetV2Classifier.Load(folder);

        act.Should().Throw<FileNotFoundException>().WithMessage($"The run folder '{folder}' holds neither model.pth nor last.ckpt*");
    }

    [Theory]
    [InlineData("missing.pth")]
    [InlineData("missing-folder")]
    public void Load_MissingFileOrFolder_ThrowsFileNotFoundNamingIt(string name)
    {
        var path = _models.File(name);

        var act = () => ShuffleNetV2Classifier.Load(path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"No model at '{path}'*").Which.FileName.Should().Be(path);
    }

    [Fact]
    public void Load_TrainingCheckpointWithCard_UsesTheCardInsideAndTheTrainedWeights()
    {
        var folder = Directory.CreateDirectory(_models.File("training")).FullName;
        var card = TinyModels.Card();
        using var model = TinyModels.Model(seed: 3);
        using (var images = randn(16, 3, 32, 40))
        using (var labels = arange(16, dtype: ScalarType.Int64) % 3)
        using (var trainer = new Trainer(model, new TensorBatchSource(images, labels, batchSize: 8), new TensorBatchSource(images, labels, batchSize: 16, shuffle: false),
            new TrainingOptions { Epochs = 1, OutputDirectory = folder, Card = card, TuneGlibcAllocator = false }))
        {
            trainer.Run();
        }

        model.eval();
        var checkpoint = Path.Combine(folder, TrainingCheckpoint.LastFileName);

        using var classifier = ShuffleNetV2Classifier.Load(checkpoint);

        classifier.Source.Kind.Should().Be(ClassifierSourceKind.TrainingCheckpoint);
        classifier.Source.CardOrigin.Should().Be("the checkpoint");
        classifier.Card.Should().Be(card);
        classifier.Classes.Should().Equal(TinyModels.Classes);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = classifier.LoadImage(TinyModels.Image("rgb_240x320.png"));
        model.ChannelsLast = classifier.Model!.ChannelsLast;   // the same kernels, so the same rounding
        classifier.Logits(input).allclose(model.call(input), rtol: 0, atol: 0).Should().BeTrue("the classifier holds the trained weights");

        // A run folder whose card names no weights falls back to the last checkpoint.
        (card with { Weights = null }).Write(Path.Combine(folder, ModelCard.FileName));
        using var fromFolder = ShuffleNetV2Classifier.Load(folder);
        fromFolder.Source.WeightsPath.Should().Be(checkpoint);
        fromFolder.Logits(input).allclose(model.call(input), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Load_ExportedOnnxFile_RunsWithOnnxRuntimeAndTheSameCardAndTop1()
    {
        var path = _models.SaveWithSiblingCard("net.pth");
        using var torch = ShuffleNetV2Classifier.Load(path);
        var onnxPath = _models.File("net.onnx");
        torch.ExportOnnx(onnxPath);

        using var onnx = ShuffleNetV2Classifier.Load(onnxPath);

        onnx.Engine.Should().Be(ClassifierEngine.OnnxRuntime);
        onnx.Model.Should().BeNull();
        onnx.Source.Should().Be(new ClassifierSource(ClassifierSourceKind.OnnxFile, onnxPath, onnxPath, "the ONNX metadata", null));
        onnx.Card.Should().Be(torch.Card);
        onnx.Transform.Should().Be(TinyModels.Transform);
        onnx.Classes.Should().Equal(TinyModels.Classes);
        var images = TinyModels.Images.Select(TinyModels.Image).ToArray();
        Top1(onnx.Classify(images)).Should().Equal(Top1(torch.Classify(images)));
        using var scope = NewDisposeScope();
        var batch = torch.LoadImage(images[0]);
        onnx.Logits(batch).allclose(torch.Logits(batch), rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        var export = () => onnx.ExportOnnx(_models.File("again.onnx"));
        export.Should().Throw<InvalidOperationException>().WithMessage($"'{onnxPath}' is an ONNX file*");
    }

    [Fact]
    public void Load_WeightsWithOnnxRuntimeEngine_GivesTheSameTop1AsTorchSharp()
    {
        var path = _models.SaveWithSiblingCard("engine.pth", seed: 4);
        var images = TinyModels.Images.Select(TinyModels.Image).ToArray();
        using var torch = ShuffleNetV2Classifier.Load(path);

        using var onnx = ShuffleNetV2Classifier.Load(path, new ClassifierLoadOptions { Engine = ClassifierEngine.OnnxRuntime, OnnxThreads = 1 });

        onnx.Engine.Should().Be(ClassifierEngine.OnnxRuntime);
        onnx.Card.Should().Be(torch.Card);
        Top1(onnx.Classify(images)).Should().Equal(Top1(torch.Classify(images)));
    }

    [Fact]
    public void Load_SiblingCardOfAnotherWidth_IsRefusedNamingBoth()
    {
        var path = _models.SaveWithSiblingCard("wide.pth", TinyModels.Card(architecture: ShuffleNetV2Architecture.X0_5));

        var act = () => ShuffleNetV2Classifier.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage(
            $"The model card ({_models.File("wide.json")}) describes stages_repeats [4, 8, 4], stages_out_channels [24, 48, 96, 192, 1024] with 3 classes, " +
            $"but '{path}' holds stages_repeats [1, 1, 1], stages_out_channels [8, 16, 32, 64, 128] with 3 classes.");
    }

    [Fact]
    public void Load_SiblingCardWithAnotherClassCount_IsRefusedNamingBoth()
    {
        var path = _models.SaveWithSiblingCard("counts.pth", TinyModels.Card(classes: 4));

        var act = () => ShuffleNetV2Classifier.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"The model card ({_models.File("counts.json")}) describes * with 4 classes, but '{path}' holds * with 3 classes.");
    }

    [Fact]
    public void Load_OneChannelCardForAThreeChannelNetwork_IsRefused()
    {
        var path = _models.SaveWithSiblingCard("grey.pth", TinyModels.Card(transform: new ImageClassificationTransform(32, 32, null, [0.5f], [0.5f])));

        var act = () => ShuffleNetV2Classifier.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{_models.File("grey.json")}*1 channel*3*");
    }

    [Fact]
    public void Load_OneChannelTransformOverride_ThrowsArgumentException()
    {
        var path = _models.SaveWithSiblingCard("override.pth");
        var grey = new ClassifierLoadOptions { Transform = new ImageClassificationTransform(32, 32, null, [0.5f], [0.5f]) };

        var act = () => ShuffleNetV2Classifier.Load(path, grey);

        act.Should().Throw<ArgumentException>().WithMessage("The transform prepares images with 1 channel(s); a ShuffleNetV2 takes 3.*");
    }

    [Fact]
    public void Load_OneChannelCardWithAThreeChannelOverride_UsesTheOverride()
    {
        var path = _models.SaveWithSiblingCard("fixed.pth", TinyModels.Card(transform: new ImageClassificationTransform(32, 32, null, [0.5f], [0.5f])));

        using var classifier = ShuffleNetV2Classifier.Load(path, new ClassifierLoadOptions { Transform = TinyModels.Transform });

        classifier.Transform.Should().Be(TinyModels.Transform);
        classifier.Card!.Transform.Should().Be(TinyModels.Transform);
        classifier.Classify(TinyModels.Image("rgb_45x31.png")).Should().HaveCount(3);
    }

    [Fact]
    public void Load_BareWeightsFile_HasNoCardNoNamesAndImageNetsTransform()
    {
        var path = _models.File("bare.safetensors");
        using (var model = TinyModels.Model())
        {
            model.SaveWeights(path);
        }

        using var classifier = ShuffleNetV2Classifier.Load(path);

        classifier.Card.Should().BeNull();
        classifier.Classes.Should().BeNull();
        classifier.Transform.Should().Be(ImageClassificationTransform.ImageNet);
        classifier.Source.CardOrigin.Should().BeNull();
        classifier.Classify(TinyModels.Image("rgb_45x31.png")).Should().OnlyContain(p => p.Label == null).And.HaveCount(3);
    }

    [Fact]
    public void Load_DefaultTransform_UsedOnlyWithoutACard()
    {
        var bare = _models.File("bare-default.safetensors");
        using (var model = TinyModels.Model())
        {
            model.SaveWeights(bare);
        }

        var withCard = _models.SaveWithSiblingCard("carded-default.pth");
        var options = new ClassifierLoadOptions { DefaultTransform = TinyModels.FashionTransform };

        using var withoutCard = ShuffleNetV2Classifier.Load(bare, options);
        using var carded = ShuffleNetV2Classifier.Load(withCard, options);

        withoutCard.Transform.Should().Be(TinyModels.FashionTransform, "nothing records the model's transform: the caller's default replaces ImageNet's");
        withoutCard.Transform.ResizeSize.Should().BeNull();
        withoutCard.Source.CardOrigin.Should().BeNull();
        carded.Transform.Should().Be(TinyModels.Transform, "the card's transform wins over a default");
    }

    [Fact]
    public void Load_FileNamedLikeATorchvisionRegistryFile_UsesTheEntrysCard()
    {
        var entry = ShuffleNetV2Weights.X0_5_ImageNet1K_V1;
        var path = _models.File(entry.FileName);
        random.manual_seed(5);
        using (var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5))
        {
            model.SaveWeights(path, CheckpointFormat.PyTorchZip, WeightsKeyStyle.Torchvision);
        }

        using var classifier = ShuffleNetV2Classifier.Load(path);

        classifier.Source.Should().Be(new ClassifierSource(ClassifierSourceKind.WeightsFile, path, path, entry.Name, entry.Name));
        classifier.Card.Should().Be(entry.Card);
        classifier.Transform.ResizeSize.Should().Be(256);
        classifier.Classes.Should().HaveCount(1000).And.StartWith("tench");
        var predictions = classifier.Classify(TinyModels.Image("rgb_400x300.png"));
        predictions.Should().HaveCount(5);
        predictions.Should().OnlyContain(p => p.Label == entry.Categories[p.Index]);
    }

    private static int[] Top1(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<ShuffleNet.Torch.Classification.ClassPrediction>> predictions) =>
        [.. predictions.Select(p => p[0].Index)];

    private static void SameLogits(ShuffleNetV2Classifier classifier, long seed)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Model(seed: seed);
        model.ChannelsLast = classifier.Model!.ChannelsLast;   // the same kernels, so the same rounding
        using var noGrad = no_grad();
        var input = classifier.LoadImage(TinyModels.Image("gray_260x270.png"));
        var (actual, expected) = (classifier.Logits(input), model.call(input));
        actual.data<float>().ToArray().Should().Equal(expected.data<float>().ToArray());
        foreach (var (key, value) in model.state_dict())
        {
            classifier.Model!.state_dict()[key].equal(value).all().item<bool>().Should().BeTrue(key);
        }
    }
}
