using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Support;

/// <summary>A fact that needs a CUDA device; skipped when <c>torch.cuda.is_available()</c> is false.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!cuda.is_available())
        {
            Skip = "CUDA is not available on this machine.";
        }
    }
}
