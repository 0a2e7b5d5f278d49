using System.Collections.Generic;

namespace TorchStats;

/// <summary>What a column's value covers, and so whether it grows with the batch size.</summary>
public enum BatchScope
{
    /// <summary>Independent of the input (params).</summary>
    IndependentOfInput,

    /// <summary>One sample: the same for any batch size (memory(MB), MAdd).</summary>
    PerSample,

    /// <summary>The whole batch: proportional to the batch size (Flops, MemRead, MemWrite, MemR+W, MACs, and the measured time).</summary>
    WholeBatch,
}

/// <summary>One column of the statistics: its torchstat header, what its value covers, and what it counts.</summary>
/// <param name="Header">The header as torchstat prints it (MACs is ours).</param>
/// <param name="Scope">Input-independent, per sample, or whole batch.</param>
/// <param name="Description">What the column counts.</param>
public sealed record StatisticsColumn(string Header, BatchScope Scope, string Description)
{
    /// <summary>Whether the value grows in proportion to the batch size.</summary>
    public bool ScalesWithBatch => Scope == BatchScope.WholeBatch;

    /// <summary>The scope in words: "independent of the input", "per sample" or "whole batch".</summary>
    public string ScopeText => Scope switch
    {
        BatchScope.IndependentOfInput => "independent of the input",
        BatchScope.PerSample => "per sample",
        _ => "whole batch",
    };
}

/// <summary>
/// The conventions of every column, stated once: each formatter prints them, and docs/statistics.md explains them.
/// torchstat mixes per-sample and whole-batch columns; with batch 1 (torchstat's only case) the difference is invisible.
/// </summary>
public static class StatisticsColumns
{
    /// <summary>params: elements of the layer's own parameters. Not input-dependent.</summary>
    public static StatisticsColumn Params { get; } = new("params", BatchScope.IndependentOfInput,
        "Elements of the layer's own parameters (0 for a layer that never ran, as in torchstat).");

    /// <summary>memory(MB): one sample's output size in MiB.</summary>
    public static StatisticsColumn Memory { get; } = new("memory(MB)", BatchScope.PerSample,
        "Output size of ONE sample: elements x element size / 1024^2 (MiB), as float32.");

    /// <summary>MAdd: torchstat's multiply-adds of one sample.</summary>
    public static StatisticsColumn MAdd { get; } = new("MAdd", BatchScope.PerSample,
        "torchstat's multiply-adds of ONE sample: multiplications plus additions (a convolution counts about 2 per MAC).");

    /// <summary>Flops: torchstat's Flops of the whole batch.</summary>
    public static StatisticsColumn Flops { get; } = new("Flops", BatchScope.WholeBatch,
        "torchstat's Flops for the WHOLE batch: about one per multiply-accumulate for convolution and linear layers, plus bias, normalization, pooling and activation element operations.");

    /// <summary>MemRead(B): bytes read by the whole batch.</summary>
    public static StatisticsColumn MemoryRead { get; } = new("MemRead(B)", BatchScope.WholeBatch,
        "Bytes read for the WHOLE batch: the input, and the trainable weights once per sample.");

    /// <summary>MemWrite(B): bytes written by the whole batch.</summary>
    public static StatisticsColumn MemoryWrite { get; } = new("MemWrite(B)", BatchScope.WholeBatch,
        "Bytes written for the WHOLE batch: the output.");

    /// <summary>MemR+W(B): MemRead + MemWrite.</summary>
    public static StatisticsColumn MemoryReadWrite { get; } = new("MemR+W(B)", BatchScope.WholeBatch,
        "MemRead + MemWrite, WHOLE batch.");

    /// <summary>MACs: multiply-accumulates of convolution and linear layers, the papers' and torchvision's convention.</summary>
    public static StatisticsColumn Macs { get; } = new("MACs", BatchScope.WholeBatch,
        "Multiply-accumulates of convolution and linear layers only, WHOLE batch: what papers and torchvision call FLOPs.");

    /// <summary>duration[%]: share of the measured wall time.</summary>
    public static StatisticsColumn Duration { get; } = new("duration[%]", BatchScope.WholeBatch,
        "Share of the measured wall time (last call of each layer, whole batch, hooks included); not reproducible.");

    /// <summary>All columns in table order.</summary>
    public static IReadOnlyList<StatisticsColumn> All { get; } = [Params, Memory, MAdd, Flops, MemoryRead, MemoryWrite, MemoryReadWrite, Macs, Duration];
}
