using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using FluentAssertions;
using Xunit;

namespace TorchCheckpoints.Tests;

public sealed class PickleReaderTests
{
    [Fact]
    public void Load_Protocol2PlainData_ReadsTuplesListsDictsAndMemo()
    {
        // pickle.dumps({"a": (1, -2, 300, 70000, 1.5, True, None), "b": [b"x", "é"]}, protocol=2) then a memo reuse.
        byte[] bytes = [
            0x80, 0x02, (byte)'}', (byte)'q', 0, (byte)'(',
            (byte)'X', 1, 0, 0, 0, (byte)'a',
            (byte)'(', (byte)'K', 1, (byte)'J', 0xfe, 0xff, 0xff, 0xff, (byte)'M', 0x2c, 0x01, (byte)'J', 0x70, 0x11, 0x01, 0x00,
            (byte)'G', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x88, (byte)'N', (byte)'t',
            (byte)'X', 1, 0, 0, 0, (byte)'b',
            (byte)']', (byte)'q', 1, (byte)'(', (byte)'C', 1, (byte)'x', 0x8c, 2, 0xc3, 0xa9, (byte)'e',
            (byte)'X', 1, 0, 0, 0, (byte)'c', (byte)'h', 1,
            (byte)'u', (byte)'.'];

        var result = new PickleReader(new MemoryStream(bytes), new TorchPickleHost()).Load();

        var dict = result.Should().BeOfType<PickleDict>().Subject;
        dict.Get("a").Should().BeEquivalentTo(new object?[] { 1L, -2L, 300L, 70000L, 1.5, true, null });
        dict.Get("b").Should().BeOfType<List<object?>>().Which.Should().BeEquivalentTo(new object[] { new byte[] { (byte)'x' }, "é" });
        dict.Get("c").Should().BeSameAs(dict.Get("b"));
    }

    [Fact]
    public void Load_TorchMagicNumber_IsABigInteger()
    {
        byte[] bytes = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.'];

        var result = new PickleReader(new MemoryStream(bytes), new TorchPickleHost()).Load();

        result.Should().Be(PyTorchLegacyReader.MagicNumber);
        ((BigInteger)result!).ToString("x", System.Globalization.CultureInfo.InvariantCulture).Should().EndWith("1950a86a20f9469cfc6c");
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'K' }, typeof(EndOfStreamException))]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'h', 5, (byte)'.' }, typeof(InvalidDataException))]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'X', 0xff, 0xff, 0xff, 0x7f, (byte)'.' }, typeof(EndOfStreamException))]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'c', (byte)'o', (byte)'s', (byte)'\n', (byte)'s', (byte)'y', (byte)'s', (byte)'t', (byte)'e', (byte)'m', (byte)'\n', (byte)'X', 2, 0, 0, 0, (byte)'l', (byte)'s', 0x85, (byte)'R', (byte)'.' }, typeof(InvalidDataException))]
    public void Load_MalformedOrHostilePickle_ThrowsWithoutRunningAnything(byte[] bytes, Type expected)
    {
        var act = () => new PickleReader(new MemoryStream(bytes), new TorchPickleHost()).Load();

        act.Should().Throw<Exception>().Which.Should().BeOfType(expected);
    }
}
