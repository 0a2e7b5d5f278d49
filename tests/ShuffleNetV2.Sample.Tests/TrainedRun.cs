using System;
using System.IO;
using System.Text.Json;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>
/// One tiny train run shared by the test classes of its collection (train's outputs and train against an earlier run): ShuffleNetV2 0.5x, 32×32 inputs, 2 epochs of 200 Fashion-MNIST images
/// (20 per class), tested on 100. Its folder is read by the tests, never changed (tests that change a run copy it).
/// </summary>
public sealed class TrainedRun : IDisposable
{
    public const int Epochs = 2;

    private readonly TemporaryDirectory _directory = new();

    public TrainedRun()
        : this(Epochs)
    {
    }

    internal TrainedRun(int epochs)
    {
        Data = TrainingData.SmallFashion(_directory.Path, perClassTrain: 20, perClassTest: 10);
        Output = _directory.File("run");
        Run = SampleRun.Of(["train", .. Arguments(Data, Output, epochs), "--format", "json"]);
        if (Run.ExitCode != 0)
        {
            throw new InvalidOperationException($"The shared train run failed: {Run}");
        }

        Result = JsonDocument.Parse(Run.LastLine).RootElement.Clone();
    }

    public string Data { get; }

    public string Output { get; }

    public SampleRun Run { get; }

    public JsonElement Result { get; }

    public string Parent => _directory.Path;

    public string File(string name) => Path.Combine(Output, name);

    /// <summary>The options of the tiny recipe, without --format.</summary>
    public static string[] Arguments(string data, string output, int epochs = Epochs) =>
        ["--data", data, "--output", output, "--width", "0.5", "--size", "32", "--batch", "32", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workers", "1", "--seed", "3"];

    /// <summary>A copy of the run's folder, to change.</summary>
    public string CopyOutput(string name)
    {
        var copy = Directory.CreateDirectory(Path.Combine(_directory.Path, name)).FullName;
        foreach (var file in Directory.GetFiles(Output))
        {
            System.IO.File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>The classes that read the one <see cref="TrainedRun"/>; it is trained once for all of them.</summary>
[CollectionDefinition(nameof(TrainedRun))]
public sealed class SharedTrainedRun : ICollectionFixture<TrainedRun>;
