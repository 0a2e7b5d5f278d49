using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace TorchNativeLoad;

/// <summary>An ldd-like account of why TorchSharp's native libraries do not load: each candidate file and the loader's answer.</summary>
internal static class NativeLoadDiagnosis
{
    private const string MissingGlibcxx = "GLIBCXX_3.4.32";

    public static IReadOnlyList<string> NativeLibraryNames { get; } =
        OperatingSystem.IsWindows() ? ["LibTorchSharp.dll", "torch_cpu.dll", "c10.dll"]
        : OperatingSystem.IsMacOS() ? ["libLibTorchSharp.dylib", "libtorch_cpu.dylib", "libc10.dylib"]
        : ["libLibTorchSharp.so", "libtorch_cpu.so", "libc10.so"];

    public static IReadOnlyList<string> SearchDirectories()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var directories = new List<string> { baseDirectory, Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native") };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string probing)
        {
            directories.AddRange(probing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var rid = OperatingSystem.IsWindows() ? "win-x64" : OperatingSystem.IsMacOS() ? "osx-arm64" : "linux-x64";
        directories.Add(Path.Combine(baseDirectory, "runtimes", rid, "native"));
        return directories.Select(d => Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar)).Distinct(StringComparer.Ordinal).ToList();
    }

    public static string Describe(Exception cause, IEnumerable<string> directories)
    {
        var text = new List<string>();
        text.Add("TorchSharp's native libraries could not be loaded.");
        text.Add($"TorchSharp reported: {FirstLine(Innermost(cause).Message)}");
        text.Add("What the dynamic loader says about each candidate file:");

        var found = false;
        var glibcxxMissing = false;
        foreach (var directory in directories)
        {
            foreach (var name in NativeLibraryNames)
            {
                var path = Path.Combine(directory, name);
                if (!File.Exists(path))
                {
                    continue;
                }

                found = true;
                var answer = TryLoad(path);
                glibcxxMissing |= answer.Contains(MissingGlibcxx, StringComparison.Ordinal);
                text.Add($"  {path}: {answer}");
            }
        }

        if (!found)
        {
            text.Add($"  none of {string.Join(", ", NativeLibraryNames)} exists in: {string.Join(", ", directories)}");
            text.Add("The application references no TorchSharp backend: add the package TorchSharp-cpu (or TorchSharp-cuda-linux / TorchSharp-cuda-windows).");
        }

        if (glibcxxMissing)
        {
            text.Add($"This machine's libstdc++ lacks {MissingGlibcxx}. The TorchNativeLoad package marks that requirement weak in the build and publish output; "
                + "it did not run on this copy (is <TorchSharpLinuxLoadFix> set to false, or was the file copied from the NuGet cache?). Rebuild the application.");
        }

        return string.Join(Environment.NewLine, text);
    }

    private static string TryLoad(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "loads";
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return "fails: " + string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
