using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace TorchStats;

/// <summary>
/// Python's and numpy's number formatting, bit for bit, for the parts of torchstat's report that depend on it:
/// <c>repr(float)</c> (shortest round-trip digits), <c>'{:.Nf}'</c> and <c>'{:.Ne}'</c> (exact binary value, ties to
/// even), <c>'{:,}'</c>, <c>'{:.2%}'</c>, numpy's <c>round(np.float64, 2)</c> (scale by 100, round half to even, divide)
/// and torchstat's <c>round_value</c>. .NET's own "F2" rounds ties away from zero, which is why these exist.
/// </summary>
internal static class PythonFormat
{
    /// <summary>Python's <c>repr(x)</c> of a float: shortest digits, at least one decimal, exponent outside [1e-4, 1e16).</summary>
    public static string Repr(double value) => Repr(value, grouping: false);

    /// <summary>Python's <c>'{:,}'.format(x)</c> of a float: <see cref="Repr(double)"/> with thousands separators in fixed notation.</summary>
    public static string ReprGrouped(double value) => Repr(value, grouping: true);

    /// <summary>Python's <c>'{:,}'.format(n)</c> of an integer.</summary>
    public static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Python's <c>'{:.Nf}'.format(x)</c>: the exact binary value rounded half to even at <paramref name="decimals"/> places.</summary>
    public static string Fixed(double value, int decimals)
    {
        var (negative, digits, exponent) = Exact(value);
        var scaled = RoundToPowerOfTen(digits, exponent + decimals);
        var text = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var result = decimals == 0 ? text : text[..^decimals] + "." + text[^decimals..];
        return negative ? "-" + result : result;
    }

    /// <summary>Python's <c>'{:.Ne}'.format(x)</c>: <paramref name="decimals"/> + 1 significant digits, two-digit exponent at least.</summary>
    public static string Exponent(double value, int decimals)
    {
        var (negative, digits, exponent) = Exact(value);
        var significant = decimals + 1;
        int decimalExponent;
        BigInteger mantissa;
        if (digits.IsZero)
        {
            mantissa = BigInteger.Zero;
            decimalExponent = 0;
        }
        else
        {
            var length = digits.ToString(CultureInfo.InvariantCulture).Length;
            decimalExponent = length - 1 + exponent;
            mantissa = RoundToPowerOfTen(digits, significant - length);
            if (mantissa.ToString(CultureInfo.InvariantCulture).Length > significant)
            {
                mantissa /= 10;
                decimalExponent++;
            }
        }

        var text = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(significant, '0');
        var body = decimals == 0 ? text : text[..1] + "." + text[1..];
        var sign = decimalExponent < 0 ? "-" : "+";
        var result = $"{body}e{sign}{Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture)}";
        return negative ? "-" + result : result;
    }

    /// <summary>Python's <c>'{:.2%}'.format(x)</c>.</summary>
    public static string Percent(double fraction) => Fixed(fraction * 100, 2) + "%";

    /// <summary>numpy's <c>round(np.float64(x), decimals)</c>: <c>rint(x · 10^d) / 10^d</c> in float64, not Python's correctly rounded <c>round</c>.</summary>
    public static double NumpyRound(double value, int decimals)
    {
        var factor = Math.Pow(10, decimals);
        return Math.Round(value * factor, MidpointRounding.ToEven) / factor;
    }

    /// <summary>
    /// torchstat's <c>round_value</c> as it runs on the numpy int64 column sums it receives: the largest unit
    /// (K, M, G, T: 1000-based, or 1024-based when <paramref name="binary"/>) not above the value, the quotient rounded
    /// by numpy to 2 decimals and printed as Python's <c>str</c>; below one unit, the plain integer.
    /// </summary>
    public static string RoundValue(long value, bool binary = false)
    {
        var divisor = binary ? 1024.0 : 1000.0;
        string[] units = ["K", "M", "G", "T"];
        for (var power = 4; power >= 1; power--)
        {
            var scale = Math.Pow(divisor, power);
            if (Math.Floor(value / scale) > 0)
            {
                return Repr(NumpyRound(value / scale, 2)) + units[power - 1];
            }
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The exact decimal value of a double: digits × 10^exponent.</summary>
    private static (bool Negative, BigInteger Digits, int Exponent) Exact(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite numbers can be formatted.");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var biasedExponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        var mantissa = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        var binaryExponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        return binaryExponent >= 0
            ? (negative, new BigInteger(mantissa) << binaryExponent, 0)
            : (negative, new BigInteger(mantissa) * BigInteger.Pow(5, -binaryExponent), binaryExponent);
    }

    /// <summary>digits × 10^shift rounded half to even to an integer.</summary>
    private static BigInteger RoundToPowerOfTen(BigInteger digits, int shift)
    {
        if (shift >= 0)
        {
            return digits * BigInteger.Pow(10, shift);
        }

        var divisor = BigInteger.Pow(10, -shift);
        var quotient = BigInteger.DivRem(digits, divisor, out var remainder);
        var twice = remainder * 2;
        if (twice > divisor || (twice == divisor && !quotient.IsEven))
        {
            quotient += 1;
        }

        return quotient;
    }

    private static string Repr(double value, bool grouping)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        // .NET's "R" gives the shortest round-trip digits, as Python's repr does; only the layout differs.
        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        string body;
        if (pointPosition > -4 && pointPosition <= 16)
        {
            var integer = pointPosition <= 0 ? "0" : digits.PadRight(pointPosition, '0')[..pointPosition];
            var fraction = pointPosition >= digits.Length ? "0" : (pointPosition < 0 ? new string('0', -pointPosition) : string.Empty) + digits[Math.Max(pointPosition, 0)..];
            if (grouping)
            {
                integer = BigInteger.Parse(integer, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture);
            }

            body = integer + "." + fraction;
        }
        else
        {
            var exponent = pointPosition - 1;
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            body = $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)}";
        }

        return negative ? "-" + body : body;
    }

    /// <summary>The shortest round-trip digits of a non-negative double and the decimal point's position (value = 0.d1d2… × 10^position).</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double value)
    {
        if (value == 0)
        {
            return ("0", 1);
        }

        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = roundTrip.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            roundTrip = roundTrip[..e];
        }

        var dot = roundTrip.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? roundTrip.Length : dot;
        var all = new StringBuilder(roundTrip.Replace(".", string.Empty, StringComparison.Ordinal));
        var position = integerDigits + exponent;
        while (all.Length > 1 && all[0] == '0')
        {
            all.Remove(0, 1);
            position--;
        }

        var digits = all.ToString().TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, position);
    }
}
