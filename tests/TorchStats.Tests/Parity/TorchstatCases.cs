using System;
using System.Collections.Generic;
using ShuffleNet.Torch;
using TorchStats.Tests.Support;
using static TorchSharp.torch;

namespace TorchStats.Tests.Parity;

/// <summary>The cases of tools/make_torchstat_fixtures.py (Fixtures/torchstat/cases.csv), built with TorchSharp.</summary>
internal static class TorchstatCases
{
    public static readonly IReadOnlyDictionary<string, (Func<nn.Module<Tensor, Tensor>> Build, long[] InputShape)> All =
        new Dictionary<string, (Func<nn.Module<Tensor, Tensor>>, long[])>
        {
            ["x1_0_224_c1000"] = (() => ShuffleNetV2.Create(ShuffleNetV2Width.X1_0, 1000), [1, 3, 224, 224]),
            ["x0_5_224_c1000"] = (() => ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, 1000), [1, 3, 224, 224]),
            ["x1_5_160_c10"] = (() => ShuffleNetV2.Create(ShuffleNetV2Width.X1_5, 10), [1, 3, 160, 160]),
            ["x2_0_96x128_c100"] = (() => ShuffleNetV2.Create(ShuffleNetV2Width.X2_0, 100), [1, 3, 96, 128]),
            ["custom_r232_50x70_c7"] = (() => ShuffleNetV2.Create([2, 3, 2], [16, 32, 64, 128, 256], 7), [1, 3, 50, 70]),
            ["zoo_20x24"] = (() => new ZooNet(), [1, 3, 20, 24]),
        };

    public static IEnumerable<object[]> Names()
    {
        foreach (var name in All.Keys)
        {
            yield return [name];
        }
    }

    /// <summary>Analyzes a case with torchstat's own coverage (<see cref="CounterRegistry.CreateTorchstat"/>), or with the given counters.</summary>
    public static StatisticsReport Analyze(string name, CounterRegistry? counters = null)
    {
        var (build, shape) = All[name];
        using var model = build();
        return ModelStatistics.Analyze(model, shape, new AnalysisOptions { Counters = counters ?? CounterRegistry.CreateTorchstat() });
    }
}
