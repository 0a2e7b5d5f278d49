using System.Linq;
using FluentAssertions;
using FluentAssertions.Execution;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Walk;

/// <summary>torchstat only runs batch 1; here MAdd and memory(MB) stay per sample and Flops, memory traffic and MACs scale.</summary>
public sealed class BatchTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Analyze_BatchGreaterThanOne_ScalesOnlyTheWholeBatchColumns(long batch)
    {
        using var model = new ZooNet();
        var one = ModelStatistics.Analyze(model, [1, 3, 20, 24]);

        var many = ModelStatistics.Analyze(model, [batch, 3, 20, 24]);

        many.BatchSize.Should().Be(batch);
        using var scope = new AssertionScope();
        foreach (var (a, b) in one.Rows.Zip(many.Rows))
        {
            b.Parameters.Should().Be(a.Parameters, a.Name);
            b.MemoryMB.Should().Be(a.MemoryMB, a.Name);
            b.MAdd.Should().Be(a.MAdd, a.Name);
            b.Flops.Should().Be(a.Flops * batch, a.Name);
            b.MemoryReadBytes.Should().Be(a.MemoryReadBytes * batch, a.Name);
            b.MemoryWriteBytes.Should().Be(a.MemoryWriteBytes * batch, a.Name);
            b.Macs.Should().Be(a.Macs * batch, a.Name);
            if (b.Calls > 0)
            {
                b.InputShape[0].Should().Be(batch);
                b.InputShape.Skip(1).Should().Equal(a.InputShape.Skip(1));
            }
        }

        many.ToTable().Should().Contain($"Input [{batch}, 3, 20, 24] float32 on cpu, batch {batch}: memory(MB) and MAdd are per sample");
    }
}
