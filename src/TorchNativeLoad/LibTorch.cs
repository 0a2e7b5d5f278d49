using System;
using TorchSharp;

namespace TorchNativeLoad;

/// <summary>
/// Makes sure TorchSharp's native libraries are loaded before the first tensor, and, when they cannot be, replaces
/// TorchSharp's message (which blames a missing package even when the package is there) by one that says which files
/// were tried and what the dynamic loader answered for each.
/// </summary>
public static class LibTorch
{
    private static readonly Lazy<(string Diagnosis, Exception Cause)?> Failure = new(TryLoad);

    /// <summary>Loads the CPU backend once per process; later calls are free.</summary>
    /// <exception cref="TorchSharpLoadException">The native libraries cannot be loaded; the message says why.</exception>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } failure)
        {
            throw new TorchSharpLoadException(failure.Diagnosis, failure.Cause);
        }
    }

    private static (string, Exception)? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
#pragma warning disable CA1031 // Whatever TorchSharp throws here, the user needs the diagnosis instead.
        catch (Exception cause)
#pragma warning restore CA1031
        {
            return (NativeLoadDiagnosis.Describe(cause, NativeLoadDiagnosis.SearchDirectories()), cause);
        }
    }
}
