using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchStats;

/// <summary>Turns what the hooks saw into rows: params and memory(MB) for every layer that ran, the rest from its counter.</summary>
internal static class RowBuilder
{
    private const double BytesPerMiB = 1024 * 1024;

    public static List<LayerRow> Build(ModuleTree tree, LeafObservations observations, CounterRegistry counters)
    {
        var rows = new List<LayerRow>(tree.Leaves.Count);
        for (var i = 0; i < tree.Leaves.Count; i++)
        {
            rows.Add(BuildRow(tree.Leaves[i], i, observations, counters));
        }

        return rows;
    }

    private static LayerRow BuildRow(ModuleNode leaf, int i, LeafObservations observations, CounterRegistry counters)
    {
        var module = leaf.Module;
        var typeName = module.GetType().Name;
        if (!observations.Observable[i])
        {
            return Empty(leaf.Name, typeName, LayerStatus.Unsupported, "Its forward does not take and return one tensor, so its calls cannot be observed.");
        }

        if (observations.Calls[i] == 0)
        {
            return Empty(leaf.Name, typeName, LayerStatus.NeverCalled, null);
        }

        var call = new LayerCall(observations.InputShapes[i]!, observations.OutputShapes[i]!, observations.InputElementSizes[i], observations.OutputElementSizes[i]);
        var parameters = module.parameters(recurse: false).Sum(p => p.numel());
        var memory = (float)(checked(call.OutputElementsPerSample * observations.OutputElementSizes[i]) / BytesPerMiB);

        var (status, counts, note) = Count(module, call, counters);
        return new LayerRow(
            leaf.Name, typeName, status, call.InputShape, call.OutputShape, parameters, memory,
            counts.MAdd, counts.Flops, counts.MemoryReadBytes, counts.MemoryWriteBytes, counts.Macs,
            observations.Durations[i], observations.Calls[i], note);
    }

    private static (LayerStatus Status, LayerCounts Counts, string? Note) Count(TorchSharp.torch.nn.Module module, LayerCall call, CounterRegistry counters)
    {
        var (found, counter) = counters.Resolve(module.GetType());
        if (!found)
        {
            return (LayerStatus.Unsupported, LayerCounts.Zero, null);
        }

        if (counter is null)
        {
            return (LayerStatus.IgnoredOnPurpose, LayerCounts.Zero, null);
        }

        try
        {
            return (LayerStatus.Counted, counter(module, call), null);
        }
        catch (NotSupportedException unsupported)
        {
            return (LayerStatus.Unsupported, LayerCounts.Zero, unsupported.Message);
        }
    }

    private static LayerRow Empty(string name, string typeName, LayerStatus status, string? note) =>
        new(name, typeName, status, [], [], 0, 0f, 0, 0, 0, 0, 0, TimeSpan.Zero, 0, note);
}
