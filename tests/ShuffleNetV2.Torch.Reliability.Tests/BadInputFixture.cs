using System;
using System.IO;
using ShuffleNet.Torch.Onnx;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>
/// What the bad-input matrix works on: one eval-mode 0.5× model (with its fused form and an ONNX session), its output
/// on a reference batch before any bad call, and a directory of good and bad files.
/// </summary>
public sealed class BadInputFixture : IDisposable
{
    private const string ImageFixture = "Fixtures/rgb_256x256.png";
    private readonly string _directory = Directory.CreateTempSubdirectory("shufflenet-bad-input-").FullName;

    public BadInputFixture()
    {
        Model = Models.NewEval();
        Fused = Model.FuseForInference();
        Onnx = OnnxImageClassifier.FromModel(Model, intraOpThreads: 1);
        using (var generator = new Generator(5))
        {
            Reference = rand([2, 3, 64, 64], generator: generator).DetachFromDisposeScope();
        }

        Expected = Models.Forward(Model, Reference);

        Model.SaveWeights(File("weights.safetensors"));
        var weights = System.IO.File.ReadAllBytes(File("weights.safetensors"));
        System.IO.File.WriteAllBytes(File("truncated.safetensors"), weights[..(weights.Length / 2)]);
        System.IO.File.WriteAllBytes(File("empty.safetensors"), []);
        using (var wider = ShuffleNetV2.Create(ShuffleNetV2Width.X1_0, numClasses: Models.Classes))
        {
            wider.SaveWeights(File("x1_0.safetensors"));
        }

        System.IO.File.Copy(Path.Combine(AppContext.BaseDirectory, ImageFixture), File("image.png"));
        var image = System.IO.File.ReadAllBytes(File("image.png"));
        System.IO.File.WriteAllBytes(File("truncated.png"), image[..(image.Length / 3)]);
        System.IO.File.WriteAllText(File("notes.txt"), "A README, not a checkpoint and not an image.\n");
        System.IO.File.WriteAllText(File("photo.jpg"), "A text file named like a JPEG.\n");
    }

    public ShuffleNetV2 Model { get; }

    public FusedShuffleNetV2 Fused { get; }

    public OnnxImageClassifier Onnx { get; }

    /// <summary>A batch of two 64×64 images.</summary>
    public Tensor Reference { get; }

    /// <summary>The model's output on <see cref="Reference"/> before any bad call.</summary>
    public float[] Expected { get; }

    /// <summary>The full path of a file in the fixture's directory (it need not exist).</summary>
    public string File(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        Onnx.Dispose();
        Fused.Dispose();
        Model.Dispose();
        Reference.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
