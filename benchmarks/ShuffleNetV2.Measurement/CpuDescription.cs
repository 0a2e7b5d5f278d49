using System;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNet.Torch.Measurement;

/// <summary>
/// The CPU a measurement ran on: its model name and the instruction sets that decide which kernels ONNX Runtime picks
/// (AVX2 or AVX-512 for float; for int8, whether a dot-product instruction (VNNI) adds the uint8 × int8 products in
/// 32 bits or AVX2's pairwise 16-bit add saturates). Printed with every int8 measurement, since the int8 to float
/// ratio depends on them.
/// </summary>
public static class CpuDescription
{
    // The /proc/cpuinfo flags that matter for the kernels; the rest of the list is left out.
    private static readonly string[] KernelFlags = ["sse4_1", "avx", "avx2", "fma", "f16c", "avx_vnni", "avx_vnni_int8", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_int8", "asimddp", "i8mm"];

    /// <summary>One line: model name, logical CPUs, the kernel-relevant flags of /proc/cpuinfo and what .NET detects.</summary>
    public static string Describe()
    {
        var (model, flags) = ReadCpuInfo();
        var relevant = KernelFlags.Where(flags.Contains).ToList();
        var vnni = relevant.Any(f => f.Contains("vnni", StringComparison.Ordinal)) || relevant.Contains("asimddp");
        return $"cpu: {model}, {Environment.ProcessorCount} logical CPUs; flags: {(relevant.Count > 0 ? string.Join(" ", relevant) : "none of interest")}; "
            + $"dot product (VNNI): {(vnni ? "yes" : "no")}; .NET: Avx2 {Avx2.IsSupported}, AvxVnni {AvxVnni.IsSupported}, Avx512F {Avx512F.IsSupported}, Avx10v1 {Avx10v1.IsSupported}";
    }

    private static (string Model, string[] Flags) ReadCpuInfo()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return ("n/a (no /proc/cpuinfo)", []);
        }

        var lines = File.ReadLines(path).Take(64).ToList();
        string? Field(string name) => lines
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim() == name)
            .Select(p => p[1].Trim())
            .FirstOrDefault();
        var model = Field("model name") ?? Field("Model") ?? "unknown";
        var flags = (Field("flags") ?? Field("Features") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (model, flags);
    }
}
