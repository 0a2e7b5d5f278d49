using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using TorchCheckpoints;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.Benchmarks;

/// <summary>
/// Time to load a checkpoint of the 1.0× and 2.0× networks from a file written in the setup (into a temporary directory, deleted in
/// the cleanup): safetensors and TorchSharp's format as <see cref="ShuffleNetV2.SaveWeights"/> writes them, and a
/// PyTorch zip file (<c>torch.save</c>'s format) written by TorchSharp.PyBridge. The file is in the page cache after
/// the first read, so this measures parsing and copying, not the disk.
/// </summary>
[MemoryDiagnoser]
public class WeightsLoadingBenchmarks
{
    private string _directory = null!;
    private string _path = null!;
    private ShuffleNetV2 _target = null!;

    /// <summary>The reference model's width and the largest file (loading time grows with the file; the other two lie between).</summary>
    [Params(ShuffleNetV2Width.X1_0, ShuffleNetV2Width.X2_0)]
    public ShuffleNetV2Width Width { get; set; }

    [Params(CheckpointFormat.Safetensors, CheckpointFormat.TorchSharp, CheckpointFormat.PyTorchZip)]
    public CheckpointFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSettings.Apply();
        _directory = Directory.CreateTempSubdirectory("shufflenet-weights-bench-").FullName;
        _path = Path.Combine(_directory, $"{Width}.{Format}");
        manual_seed(0);
        using (var source = ShuffleNetV2.Create(Width))
        {
            if (Format == CheckpointFormat.PyTorchZip)
            {
                source.save_py(_path);
            }
            else
            {
                source.SaveWeights(_path, Format);
            }
        }

        _target = ShuffleNetV2.Create(Width);
    }

    /// <summary>Reads, checks and copies the file into an existing network.</summary>
    [Benchmark]
    public CheckpointFormat LoadWeights() => _target.LoadWeights(_path).Format;

    /// <summary>Reads the file, builds the network it describes and loads it: what an application does at start-up.</summary>
    [Benchmark]
    public long FromWeights()
    {
        using var model = ShuffleNetV2.FromWeights(_path);
        return model.NumClasses;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _target.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete '{_directory}': {e.Message}");
        }
    }
}
