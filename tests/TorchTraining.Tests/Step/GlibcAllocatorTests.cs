using System;
using System.Runtime.InteropServices;
using FluentAssertions;
using TorchTraining.Runs;
using TorchTraining.Step;
using TorchTraining.Tests.Support;
using Xunit;

namespace TorchTraining.Tests.Step;

public sealed class GlibcAllocatorTests
{
    [Fact]
    public void TrainingOptions_ByDefault_LeaveTheAllocatorAlone()
    {
        new TrainingOptions { Epochs = 1 }.TuneGlibcAllocator.Should().BeFalse("the setting is process-wide and stays, so it is opt-in");
        new TrainingRunOptions { DataPath = "data", OutputFolder = "run" }.TuneGlibcAllocator.Should().BeFalse();
    }

    [Fact]
    public void SetThresholds_Negative_ThrowWithoutCallingGlibc()
    {
        FluentActions.Invoking(() => GlibcAllocator.SetMmapThreshold(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => GlibcAllocator.SetTrimThreshold(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Trainer_AskedToTuneTheAllocator_ServesLargeBlocksFromTheHeapOnLinux()
    {
        using var data = SyntheticData.Create(train: 16, test: 16);
        using var model = SmallNet.Create(seed: 2);
        using var trainer = new Trainer(model, data.TrainSource(), data.TestSource(), new TrainingOptions { Epochs = 1, TuneGlibcAllocator = true });

        if (!OperatingSystem.IsLinux())
        {
            GlibcAllocator.IsTuned.Should().BeFalse("only glibc is tuned");
            return;
        }

        GlibcAllocator.IsTuned.Should().BeTrue();

        // At glibc's defaults a 48 MiB block gets a mapping of its own (above the 32 MiB ceiling of the dynamic threshold).
        var mappedBefore = MallInfo2().MappedBytes;
        var block = Malloc(48 * 1024 * 1024);
        try
        {
            block.Should().NotBe(IntPtr.Zero);
            (MallInfo2().MappedBytes - mappedBefore).Should().BeLessThan(48 * 1024 * 1024, "the tuned threshold serves the block from the heap");
        }
        finally
        {
            Free(block);
        }
    }

    [DllImport("libc", EntryPoint = "malloc")]
    private static extern IntPtr Malloc(nuint size);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr block);

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MappedBlocks;
        public readonly nuint MappedBytesField;
        public readonly nuint Unused;
        public readonly nuint FreedSmallBytes;
        public readonly nuint InUse;
        public readonly nuint Free;
        public readonly nuint TopReleasable;

        public long MappedBytes => (long)MappedBytesField;
    }
}
