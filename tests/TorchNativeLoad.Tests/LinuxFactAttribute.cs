using System;
using Xunit;

namespace TorchNativeLoad.Tests;

/// <summary>A fact about the Linux build of TorchSharp; skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: it is about libLibTorchSharp.so.";
        }
    }
}
