using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace ShuffleNet.Torch.MemoryCheck;

/// <summary>
/// One configuration in this process: the model built and the batch allocated (the idle process), then the optimizer
/// and a few real training steps; the peak resident memory over the idle resident memory is the step's cost.
/// </summary>
internal static class Measurement
{
    private const string Status = "/proc/self/status";

    public static JsonObject Run(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        torch.set_num_threads(configuration.Threads);
        torch.manual_seed(0);
        using var model = ShuffleNetV2.Create(configuration.Width, 1000);
        model.train();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = !configuration.ClassifierOnly || name.StartsWith("fc.", StringComparison.Ordinal);
        }

        using var images = randn(configuration.Batch, 3, configuration.Size, configuration.Size);
        using var labels = randint(0, 1000, [configuration.Batch], dtype: ScalarType.Int64);

        Collect();
        var idle = Read("VmRSS:");
        var peakReset = true;
        var afterSteps = new List<double>();
        var peaks = new List<double>();
        using (var optimizer = Optimizer(configuration.Optimizer, model))
        {
            for (var step = 0; step < configuration.Steps; step++)
            {
                // Each step's own high-water mark, from the resident size it starts at.
                peakReset &= ResetPeak();
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var output = model.call(images);
                    var loss = nn.functional.cross_entropy(output, labels);
                    loss.backward();
                    optimizer.step();
                }

                peaks.Add(Read("VmHWM:"));
                afterSteps.Add(Read("VmRSS:"));
            }
        }

        return new JsonObject
        {
            ["width"] = configuration.WidthText,
            ["batch"] = configuration.Batch,
            ["optimizer"] = configuration.Optimizer,
            ["trainable"] = configuration.Trainable,
            ["idleMiB"] = idle,
            ["peakMiB"] = peaks.Max(),
            ["growthMiB"] = peaks.Max() - idle,
            ["peakReset"] = peakReset,
            ["stepPeaksMiB"] = new JsonArray(peaks.Select(p => (JsonNode?)p).ToArray()),
            ["afterStepsMiB"] = new JsonArray(afterSteps.Select(p => (JsonNode?)p).ToArray()),
        };
    }

    private static optim.Optimizer Optimizer(string name, nn.Module model) => name switch
    {
        "sgd" => optim.SGD(model.parameters().Where(p => p.requires_grad), 0.01, momentum: 0.9),
        "adamw" => optim.AdamW(model.parameters().Where(p => p.requires_grad), 0.001),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; use sgd or adamw."),
    };

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Starts a new high-water mark (VmHWM) at the current resident size; false where the kernel refuses.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double Read(string field)
    {
        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"{Status} has no {field} line.");
    }
}
