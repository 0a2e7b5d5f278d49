using System.IO;
using System.Linq;
using FluentAssertions;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.Formatting;

/// <summary>Python's and numpy's formatting, checked against values printed by Python 3 / numpy 1.24 / pandas 1.5.</summary>
public sealed class PythonFormatTests
{
    [Theory]
    [InlineData(0.125, "0.12")]      // a true tie: half to even
    [InlineData(0.375, "0.38")]      // a true tie: half to even, up
    [InlineData(2.675, "2.67")]      // the double is 2.67499999…
    [InlineData(1.005, "1.00")]      // the double is 1.00499999…
    [InlineData(0.005, "0.01")]      // the double is 0.00500000000000000010…
    [InlineData(22.10376, "22.10")]
    [InlineData(1e-7, "0.00")]
    [InlineData(1.1484375, "1.15")]
    public void Fixed_TwoDecimals_RoundsTheExactBinaryValueHalfToEven(double value, string expected) =>
        PythonFormat.Fixed(value, 2).Should().Be(expected);

    [Theory]
    [InlineData(150.6, "150.6")]
    [InlineData(1.0, "1.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e22, "1e+22")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(0.0, "0.0")]
    public void Repr_Float_IsPythonsShortestRepr(double value, string expected) =>
        PythonFormat.Repr(value).Should().Be(expected);

    [Theory]
    [InlineData(15955968.0, "15,955,968.0")]
    [InlineData(1234567890123456.0, "1,234,567,890,123,456.0")]
    [InlineData(29.0, "29.0")]
    [InlineData(1e16, "1e+16")]
    public void ReprGrouped_Float_IsPythonsCommaFormat(double value, string expected) =>
        PythonFormat.ReprGrouped(value).Should().Be(expected);

    [Theory]
    [InlineData(2278604.0, "2.278604e+06")]
    [InlineData(1234567890.0, "1.234568e+09")]
    [InlineData(1234565500.0, "1.234566e+09")]   // tie, 5 is odd: up
    [InlineData(1234564500.0, "1.234564e+09")]   // tie, 4 is even: stays
    [InlineData(0.0, "0.000000e+00")]
    [InlineData(9999999500.0, "1.000000e+10")]   // carry into a new digit
    public void Exponent_SixDecimals_IsPythonsEFormat(double value, string expected) =>
        PythonFormat.Exponent(value, 6).Should().Be(expected);

    [Theory]
    [InlineData(0.1081, "10.81%")]
    [InlineData(1.0, "100.00%")]
    [InlineData(0.00005, "0.01%")]
    public void Percent_Fraction_IsPythonsPercentFormat(double value, string expected) =>
        PythonFormat.Percent(value).Should().Be(expected);

    [Theory]
    [InlineData(2.675, 2.68)]    // numpy scales first: 267.5 rounds to even 268; Python's round gives 2.67
    [InlineData(2.685, 2.68)]
    [InlineData(1.005, 1.0)]
    [InlineData(0.125, 0.12)]
    [InlineData(150.59748, 150.6)]
    public void NumpyRound_TwoDecimals_ScalesRoundsHalfToEvenAndDivides(double value, double expected) =>
        PythonFormat.NumpyRound(value, 2).Should().Be(expected);

    [Fact]
    public void RoundValue_EveryCaseTorchstatPrinted_Matches()
    {
        var cases = File.ReadLines(Fixtures.Path("torchstat", "round_value.csv")).Skip(1).Select(l => l.Split(',')).ToArray();

        cases.Should().HaveCountGreaterThan(50);
        foreach (var c in cases)
        {
            PythonFormat.RoundValue(long.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), binary: c[1] == "true")
                .Should().Be(c[2], $"torchstat's round_value({c[0]}, binary={c[1]})");
        }
    }

    [Fact]
    public void Grouped_Integer_UsesCommas() => PythonFormat.Grouped(2_278_604).Should().Be("2,278,604");
}
