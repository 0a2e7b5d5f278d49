using System.IO;
using System.Threading.Tasks;
using FluentAssertions;
using Xunit;

namespace TorchCheckpoints.Tests;

public sealed class Sha256HexTests
{
    // FIPS 180-2's example: SHA-256("abc").
    private const string Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public async Task OfFileOfFileAsyncAndOf_TheSameBytes_GiveTheSameLowercaseDigest()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, "abc"u8.ToArray());

            Sha256Hex.Of("abc"u8).Should().Be(Abc);
            Sha256Hex.OfFile(path).Should().Be(Abc);
            (await Sha256Hex.OfFileAsync(path)).Should().Be(Abc);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OfFile_MissingFile_ThrowsFileNotFound()
    {
        var act = () => Sha256Hex.OfFile(Path.Combine(Path.GetTempPath(), "no-such-file-7c1e.bin"));

        act.Should().Throw<FileNotFoundException>();
    }
}
