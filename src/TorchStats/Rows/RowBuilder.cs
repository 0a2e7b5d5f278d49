using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchStats;

/// <summary>Turns what the hooks saw into rows: params and memory(MB) for every layer that ran, the rest from its counter.</summary>
internal static class RowBuilder
{
    private const double BytesPerMiB = 1024 * 1024;

    public static List<LayerRow> Build(ModuleTree tree, LeafObservations observations, CounterRegistry counters, CallCounting callCounting)
    {
        var rows = new List<LayerRow>(tree.Leaves.Count);
        for (var i = 0; i < tree.Leaves.Count; i++)
        {
            var leaf = tree.Leaves[i];
            var typeName = leaf.Module.GetType().Name;
            var calls = observations.Calls[i];
            if (!observations.Observable[i])
            {
                rows.Add(Empty(leaf.Name, typeName, LayerStatus.Unsupported, "Its forward does not take and return one tensor, so its calls cannot be observed."));
            }
            else if (calls.Count == 0)
            {
                rows.Add(Empty(leaf.Name, typeName, LayerStatus.NeverCalled, null));
            }
            else if (callCounting == CallCounting.LastCall)
            {
                rows.Add(CallRow(leaf, typeName, calls, calls.Count - 1, counters, withParameters: true));
            }
            else
            {
                for (var k = 0; k < calls.Count; k++)
                {
                    rows.Add(CallRow(leaf, typeName, calls, k, counters, withParameters: k == 0));
                }
            }
        }

        return rows;
    }

    private static LayerRow CallRow(ModuleNode leaf, string typeName, List<ObservedCall> calls, int index, CounterRegistry counters, bool withParameters)
    {
        var module = leaf.Module;
        var observed = calls[index];
        var call = new LayerCall(observed.InputShape, observed.OutputShape, observed.InputElementSize, observed.OutputElementSize);
        var parameters = withParameters ? module.parameters(recurse: false).Sum(p => p.numel()) : 0;
        var memory = (float)(checked(call.OutputElementsPerSample * observed.OutputElementSize) / BytesPerMiB);

        var (status, counts, note) = Count(module, call, counters);
        return new LayerRow(
            leaf.Name, typeName, status, call.InputShape, call.OutputShape, parameters, memory,
            counts.MAdd, counts.Flops, counts.MemoryReadBytes, counts.MemoryWriteBytes, counts.Macs,
            observed.Duration, calls.Count, note)
        {
            CallIndex = index,
        };
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
