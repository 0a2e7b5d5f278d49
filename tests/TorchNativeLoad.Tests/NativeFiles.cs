using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace TorchNativeLoad.Tests;

internal static class NativeFiles
{
    public const string Version = "GLIBCXX_3.4.32";

    /// <summary>libLibTorchSharp.so as TorchSharp's package ships it (the NuGet cache; read only).</summary>
    public static string PackagedLibTorchSharp
    {
        get
        {
            var directory = typeof(NativeFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "TorchSharpPackageDirectory").Value!;
            return Path.Combine(directory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    /// <summary>The copy the build put next to these tests, which the build's fix edited.</summary>
    public static string OutputLibTorchSharp => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    public static string TemporaryDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "torchnativeload-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string CopyOfPackagedLibTorchSharp(string directory)
    {
        var copy = Path.Combine(directory, "libLibTorchSharp.so");
        File.Copy(PackagedLibTorchSharp, copy);
        return copy;
    }
}
