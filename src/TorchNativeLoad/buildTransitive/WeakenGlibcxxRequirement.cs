// Makes TorchSharp's libLibTorchSharp.so load where libstdc++ lacks GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04).
// MSBuild compiles this file with RoslynCodeTaskFactory (see TorchNativeLoad.targets beside it), against
// netstandard2.0, so it keeps to that API and holds the task and the ELF code together. It is shipped as source in the
// package's buildTransitive folder, not compiled into the TorchNativeLoad assembly. The tests compile it too.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TorchNativeLoad.Build;

/// <summary>
/// MSBuild task: marks the <c>GLIBCXX_3.4.32</c> requirement of each given copy of <c>libLibTorchSharp.so</c>
/// weak when the machine's <c>libstdc++.so.6</c> does not define that version. The only symbol bound to it is
/// GCC 13's <c>ios_base_library_init</c> marker, which nothing calls, so the library then loads and computes
/// correctly. Files in the NuGet cache are never passed here; only copies in build and publish output.
/// </summary>
public sealed class WeakenGlibcxxRequirement : Task
{
    /// <summary>The copies of libLibTorchSharp.so to edit.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version to weaken.</summary>
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>The libstdc++ to ask; by default the one loaded into this process, else the usual paths.</summary>
    public string? StandardLibrary { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var library = string.IsNullOrEmpty(StandardLibrary) ? SystemLibraries.Find("libstdc++.so.6") : StandardLibrary;
        if (library != null && ElfVersionNeeds.DefinesVersion(library, Version))
        {
            Log.LogMessage(MessageImportance.Low, "{0} defines {1}: libLibTorchSharp.so needs no edit.", library, Version);
            return true;
        }

        foreach (var file in Files)
        {
            var path = file.ItemSpec;
            if (!File.Exists(path))
            {
                continue;
            }

            var outcome = ElfVersionNeeds.MarkWeak(path, Version);
            var importance = outcome == WeakenOutcome.MarkedWeak ? MessageImportance.Normal : MessageImportance.Low;
            Log.LogMessage(importance, "{0}: {1} ({2} is missing from {3}).", path, outcome, Version, library ?? "every searched path");
        }

        return !Log.HasLoggedErrors;
    }
}

/// <summary>Finds the shared library a process on this machine loads for a soname.</summary>
public static class SystemLibraries
{
    private static readonly char[] PathListSeparator = { ':' };

    private static readonly string[] UsualDirectories =
    {
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
    };

    /// <summary>
    /// The path of <paramref name="soname"/> as mapped into this process (the .NET runtime links libstdc++),
    /// else the first match in LD_LIBRARY_PATH and the usual directories, else null.
    /// </summary>
    public static string? Find(string soname)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }

        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (var line in File.ReadLines(maps))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && Path.GetFileName(line.Substring(slash)) == soname)
                {
                    return line.Substring(slash);
                }
            }
        }

        var searched = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? string.Empty)
            .Split(PathListSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(UsualDirectories);
        return searched.Select(directory => Path.Combine(directory, soname)).FirstOrDefault(File.Exists);
    }
}

/// <summary>What <see cref="ElfVersionNeeds.MarkWeak"/> did to a file.</summary>
public enum WeakenOutcome
{
    /// <summary>The requirement was strong and is now weak; the file was rewritten.</summary>
    MarkedWeak,

    /// <summary>The requirement was already weak; the file was not touched.</summary>
    AlreadyWeak,

    /// <summary>The file requires no such version; it was not touched.</summary>
    NoSuchRequirement,

    /// <summary>The file is not an ELF file with version sections this reader understands; it was not touched.</summary>
    NotElf,
}

/// <summary>One version a shared library requires from another (an ELF <c>Vernaux</c> entry).</summary>
public sealed class VersionRequirement
{
    internal VersionRequirement(string library, string version, ushort flags, long flagsOffset)
    {
        Library = library;
        Version = version;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>The library the version is required from, e.g. <c>libstdc++.so.6</c>.</summary>
    public string Library { get; }

    /// <summary>The version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
    public string Version { get; }

    /// <summary>The entry's <c>vna_flags</c>.</summary>
    public ushort Flags { get; }

    /// <summary>True when the dynamic loader treats a missing version as non-fatal (<c>VER_FLG_WEAK</c>).</summary>
    public bool IsWeak => (Flags & ElfVersionNeeds.WeakFlag) != 0;

    internal long FlagsOffset { get; }
}

/// <summary>
/// The version requirements (<c>.gnu.version_r</c>) and definitions (<c>.gnu.version_d</c>) of ELF files,
/// and the one edit this project needs: marking a requirement weak.
/// </summary>
public static class ElfVersionNeeds
{
    /// <summary>The <c>VER_FLG_WEAK</c> bit of <c>vna_flags</c>.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVersionDefinitions = 0x6ffffffd;
    private const uint SectionTypeVersionRequirements = 0x6ffffffe;

    /// <summary>Every version requirement of the file, or null when it is not an ELF file with section headers.</summary>
    public static IReadOnlyList<VersionRequirement>? ReadRequirements(string path)
    {
        var image = File.ReadAllBytes(path);
        return ElfImage.TryParse(image, out var elf) ? ReadRequirements(elf) : null;
    }

    /// <summary>True when the file defines the version (e.g. <c>libstdc++.so.6</c> defining <c>GLIBCXX_3.4.32</c>).</summary>
    public static bool DefinesVersion(string path, string version)
    {
        var image = File.ReadAllBytes(path);
        return ElfImage.TryParse(image, out var elf) && ReadDefinitions(elf).Contains(version, StringComparer.Ordinal);
    }

    /// <summary>
    /// Sets <c>VER_FLG_WEAK</c> on the requirement of <paramref name="version"/>, so that the library loads
    /// where that version is missing. The file is replaced by a patched copy (never edited in place, so a hard
    /// link elsewhere is not changed), keeping its timestamp and permissions. Idempotent.
    /// </summary>
    public static WeakenOutcome MarkWeak(string path, string version)
    {
        var image = File.ReadAllBytes(path);
        if (!ElfImage.TryParse(image, out var elf))
        {
            return WeakenOutcome.NotElf;
        }

        var entry = ReadRequirements(elf).FirstOrDefault(r => r.Version == version);
        if (entry is null)
        {
            return WeakenOutcome.NoSuchRequirement;
        }

        if (entry.IsWeak)
        {
            return WeakenOutcome.AlreadyWeak;
        }

        elf.WriteUInt16(entry.FlagsOffset, (ushort)(entry.Flags | WeakFlag));
        ReplaceKeepingMetadata(path, image);
        return WeakenOutcome.MarkedWeak;
    }

    private static void ReplaceKeepingMetadata(string path, byte[] image)
    {
        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".weaken-" + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.Copy(path, temporary); // a new inode with the original's permissions
            File.WriteAllBytes(temporary, image);
            File.SetLastWriteTimeUtc(temporary, lastWrite);
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static List<VersionRequirement> ReadRequirements(ElfImage elf)
    {
        var result = new List<VersionRequirement>();
        foreach (var section in elf.Sections.Where(s => s.Type == SectionTypeVersionRequirements))
        {
            var strings = elf.Sections[(int)section.Link];
            long need = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                // Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                var count = elf.ReadUInt16(need + 2);
                var library = elf.ReadString(strings, elf.ReadUInt32(need + 4));
                long aux = need + elf.ReadUInt32(need + 8);
                for (var j = 0; j < count; j++)
                {
                    // Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    var flags = elf.ReadUInt16(aux + 4);
                    var name = elf.ReadString(strings, elf.ReadUInt32(aux + 8));
                    result.Add(new VersionRequirement(library, name, flags, aux + 4));
                    aux += elf.ReadUInt32(aux + 12);
                }

                var next = elf.ReadUInt32(need + 12);
                if (next == 0)
                {
                    break;
                }

                need += next;
            }
        }

        return result;
    }

    private static List<string> ReadDefinitions(ElfImage elf)
    {
        var result = new List<string>();
        foreach (var section in elf.Sections.Where(s => s.Type == SectionTypeVersionDefinitions))
        {
            var strings = elf.Sections[(int)section.Link];
            long definition = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                // Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32
                long aux = definition + elf.ReadUInt32(definition + 12);
                result.Add(elf.ReadString(strings, elf.ReadUInt32(aux)));
                var next = elf.ReadUInt32(definition + 16);
                if (next == 0)
                {
                    break;
                }

                definition += next;
            }
        }

        return result;
    }

    private sealed class Section
    {
        public Section(uint type, long offset, long size, uint link, uint info)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint Type { get; }

        public long Offset { get; }

        public long Size { get; }

        public uint Link { get; }

        public uint Info { get; }
    }

    private sealed class ElfImage
    {
        private readonly byte[] _bytes;
        private readonly bool _bigEndian;

        private ElfImage(byte[] bytes, bool bigEndian)
        {
            _bytes = bytes;
            _bigEndian = bigEndian;
        }

        public List<Section> Sections { get; } = new List<Section>();

        public static bool TryParse(byte[] bytes, out ElfImage elf)
        {
            elf = new ElfImage(bytes, bytes.Length > 5 && bytes[5] == 2);
            if (bytes.Length < 52 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            {
                return false;
            }

            var is64 = bytes[4] == 2;
            if ((bytes[4] != 1 && !is64) || (bytes[5] != 1 && bytes[5] != 2) || (is64 && bytes.Length < 64))
            {
                return false;
            }

            try
            {
                long sectionTable = is64 ? (long)elf.ReadUInt64(0x28) : elf.ReadUInt32(0x20);
                var entrySize = elf.ReadUInt16(is64 ? 0x3a : 0x2e);
                var count = elf.ReadUInt16(is64 ? 0x3c : 0x30);
                for (var i = 0; i < count; i++)
                {
                    var header = sectionTable + ((long)i * entrySize);
                    elf.Sections.Add(is64
                        ? new Section(elf.ReadUInt32(header + 4), (long)elf.ReadUInt64(header + 24), (long)elf.ReadUInt64(header + 32), elf.ReadUInt32(header + 40), elf.ReadUInt32(header + 44))
                        : new Section(elf.ReadUInt32(header + 4), elf.ReadUInt32(header + 16), elf.ReadUInt32(header + 20), elf.ReadUInt32(header + 24), elf.ReadUInt32(header + 28)));
                }

                foreach (var section in elf.Sections.Where(s => s.Type == SectionTypeVersionRequirements || s.Type == SectionTypeVersionDefinitions))
                {
                    if (section.Link >= elf.Sections.Count || section.Offset + section.Size > bytes.Length)
                    {
                        return false;
                    }
                }

                return count > 0;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }

        public ushort ReadUInt16(long offset)
        {
            var at = Check(offset, 2);
            return _bigEndian ? (ushort)((_bytes[at] << 8) | _bytes[at + 1]) : (ushort)(_bytes[at] | (_bytes[at + 1] << 8));
        }

        public uint ReadUInt32(long offset)
        {
            var at = Check(offset, 4);
            uint b0 = _bytes[at], b1 = _bytes[at + 1], b2 = _bytes[at + 2], b3 = _bytes[at + 3];
            return _bigEndian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }

        public ulong ReadUInt64(long offset)
        {
            ulong first = ReadUInt32(offset), second = ReadUInt32(offset + 4);
            return _bigEndian ? (first << 32) | second : (second << 32) | first;
        }

        public void WriteUInt16(long offset, ushort value)
        {
            var at = Check(offset, 2);
            _bytes[at + (_bigEndian ? 0 : 1)] = (byte)(value >> 8);
            _bytes[at + (_bigEndian ? 1 : 0)] = (byte)value;
        }

        public string ReadString(Section table, uint index)
        {
            var start = table.Offset + index;
            var end = start;
            while (end < table.Offset + table.Size && _bytes[Check(end, 1)] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(_bytes, (int)start, (int)(end - start));
        }

        private int Check(long offset, int length)
        {
            if (offset < 0 || offset + length > _bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, "Read past the end of the ELF file.");
            }

            return (int)offset;
        }
    }
}
