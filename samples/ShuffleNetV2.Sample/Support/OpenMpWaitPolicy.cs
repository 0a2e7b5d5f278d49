using System;
using System.Runtime.InteropServices;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// libtorch's OpenMP threads spin while they wait for work by default: on a machine where another process keeps the
/// cores busy they spin against it, and training ran 2.3-3x slower than with threads that sleep (BENCHMARKS.md,
/// "Threads on a shared machine"), while on a quiet machine sleeping cost nothing measurable. So the program asks for
/// OMP_WAIT_POLICY=PASSIVE unless the environment already says otherwise. OpenMP reads it once, when libtorch loads,
/// from the native environment: hence libc's setenv (.NET's SetEnvironmentVariable does not reach it on Unix), before
/// any tensor is made.
/// </summary>
internal static class OpenMpWaitPolicy
{
    private const string Variable = "OMP_WAIT_POLICY";

    /// <summary>The policy libtorch's OpenMP will use, as the environment says it ("PASSIVE" once <see cref="PreferPassive"/> ran).</summary>
    public static string Current => Environment.GetEnvironmentVariable(Variable)?.ToUpperInvariant() ?? "ACTIVE (OpenMP's default)";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE for this process when it is not set; call before anything loads libtorch.</summary>
    public static void PreferPassive()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SetEnv(CString(Variable), CString("PASSIVE"), overwrite: 0);
        }

        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
    }

    // Null-terminated UTF-8 bytes: the names are ASCII, and no string marshalling is involved.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static byte[] CString(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");
}
