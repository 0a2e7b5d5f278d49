using System.Runtime.CompilerServices;
using System.Threading;
using TorchSharp;

namespace TorchStats;

/// <summary>One lock per model, so that analyses of the same model run one after the other (hooks live in the model).</summary>
internal static class ModelGate
{
    private static readonly ConditionalWeakTable<torch.nn.Module, Lock> Gates = [];

    public static Lock For(torch.nn.Module model) => Gates.GetValue(model, _ => new Lock());
}
