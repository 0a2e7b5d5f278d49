using System.Linq;
using FluentAssertions;
using Xunit;

namespace TorchStats.Tests.Report;

/// <summary>
/// Sums of float32(1/(i+1)) for i below n, as pandas 1.5 / numpy 1.24 print them (<c>pd.Series(a).sum()</c>): numpy's
/// pairwise order differs from a running float32 sum (and from summing in float64) once n exceeds one block.
/// </summary>
public sealed class Float32SumTests
{
    [Theory]
    [InlineData(7, 2.5928574f, 2.5928574f)]
    [InlineData(50, 4.4992056f, 4.4992056f)]
    [InlineData(129, 5.4409f, 5.4408994f)]
    [InlineData(200, 5.8780317f, 5.878032f)]
    [InlineData(1000, 7.4854717f, 7.4854784f)]
    public void Pairwise_HarmonicSeries_MatchesNumpyNotARunningSum(int n, float numpy, float running)
    {
        var values = Enumerable.Range(0, n).Select(i => (float)(1.0 / (i + 1))).ToArray();

        Float32Sum.Pairwise(values).Should().Be(numpy);
        values.Aggregate(0f, (sum, v) => sum + v).Should().Be(running);
    }
}
