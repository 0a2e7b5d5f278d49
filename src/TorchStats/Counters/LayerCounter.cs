using TorchSharp;

namespace TorchStats;

/// <summary>
/// Counts one call of a layer: a pure function of the module's settings and the call's shapes and element size. Throw
/// <see cref="System.NotSupportedException"/> for a call it cannot count (e.g. an unexpected rank): the row is then
/// reported as unsupported with the exception's message as the reason.
/// </summary>
/// <typeparam name="TModule">The module type the counter reads settings from.</typeparam>
/// <param name="module">The layer (read its settings only; never run it).</param>
/// <param name="call">The shapes and element size of the call.</param>
/// <returns>The row's MAdd, Flops, memory reads and writes, and MACs.</returns>
public delegate LayerCounts LayerCounter<in TModule>(TModule module, LayerCall call)
    where TModule : torch.nn.Module;
