using FluentAssertions;
using Xunit;

namespace TorchStats.Tests.Formatting;

/// <summary>pandas 1.5's DataFrame layout; expected strings printed by <c>str(pd.DataFrame(...))</c>.</summary>
public sealed class PandasLayoutTests
{
    [Fact]
    public void Render_FloatAndObjectColumns_MatchesPandas()
    {
        // pd.DataFrame({'a': [0.0, 1234567890.0], 'b': [5.0, 12.0], 's': ['x', 'long value']})
        var lines = PandasLayout.Render(
            ["0", "1"],
            [
                new PandasLayout.Column("a", true, PandasLayout.FloatCells([0.0, 1234567890.0])),
                new PandasLayout.Column("b", true, PandasLayout.FloatCells([5.0, 12.0])),
                new PandasLayout.Column("s", false, PandasLayout.ObjectCells(["x", "long value"])),
            ]);

        string.Join('\n', lines).Should().Be("              a     b           s\n0  0.000000e+00   5.0           x\n1  1.234568e+09  12.0  long value");
    }

    [Fact]
    public void Render_NumericHeaderWiderThanValues_GetsPandasLeadingSpace()
    {
        // pd.DataFrame({'params': [0.0, 3.0]})
        var lines = PandasLayout.Render(["0", "1"], [new PandasLayout.Column("params", true, PandasLayout.FloatCells([0.0, 3.0]))]);

        string.Join('\n', lines).Should().Be("   params\n0     0.0\n1     3.0");
    }

    [Fact]
    public void FloatCells_LargeButShortIntegers_StayFixed() =>
        PandasLayout.FloatCells([648.0, 54080208.0]).Should().Equal(" 648.0", " 54080208.0");
}
