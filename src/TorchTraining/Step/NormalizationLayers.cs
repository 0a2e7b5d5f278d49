using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>The module types whose parameters torchvision's <c>set_weight_decay</c> treats as normalisation parameters.</summary>
internal static class NormalizationLayers
{
    /// <summary>BatchNorm and InstanceNorm (every dimension: both derive from NormBase), GroupNorm, LayerNorm, LocalResponseNorm.</summary>
    public static bool Contains(nn.Module module) =>
        module is NormBase or GroupNorm or LayerNorm or LocalResponseNorm;
}
