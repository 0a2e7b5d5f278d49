using System;
using System.IO;
using FluentAssertions;
using Spectre.Console;
using TorchCheckpoints.Hub;
using Xunit;

namespace ShuffleNet.Torch.Sample.Tests;

/// <summary>The progress bar classify shows on a terminal, drawn here on a console of the test's own that says it is interactive.</summary>
public sealed class DownloadDisplayTests
{
    private static readonly Uri Url = new("http://127.0.0.1:1/models/shufflenetv2_x1_5-3c479a10.pth");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithProgressBar_DownloadReportsProgress_EndsAtAllBytesAndReturnsThePath(bool sizeKnown)
    {
        using var text = new StringWriter();
        var console = Interactive(text);

        var path = DownloadDisplay.WithProgressBar(console, Url, progress =>
        {
            progress.Should().NotBeNull();
            for (var received = 0L; received <= 3_000_000; received += 1_000_000)
            {
                progress!.Report(new DownloadProgress(received, sizeKnown ? 3_000_000 : null));
            }

            return "/cache/shufflenetv2_x1_5-3c479a10.pth";
        });

        path.Should().Be("/cache/shufflenetv2_x1_5-3c479a10.pth");
        text.ToString().Should().Contain("shufflenetv2_x1_5-3c479a10.pth").And.Contain("100%");
    }

    [Fact]
    public void WithProgressBar_DownloadFails_PassesTheExceptionOn()
    {
        using var text = new StringWriter();
        var failure = new CheckpointDownloadException(Url, "/cache/x.pth", "Downloading failed: no answer.");

        var act = () => DownloadDisplay.WithProgressBar(Interactive(text), Url, _ => throw failure);

        act.Should().Throw<CheckpointDownloadException>().Which.Should().BeSameAs(failure);
    }

    [Fact]
    public void Show_FileAlreadyCached_ShowsNothingAndGivesNoProgress()
    {
        using var directory = new TemporaryDirectory();
        var cached = directory.File("shufflenetv2_x1_5-3c479a10.pth");
        File.WriteAllText(cached, "cached");
        using var stderr = new StringWriter();

        var path = DownloadDisplay.Show(Url, cached, stderr, progress =>
        {
            progress.Should().BeNull();
            return cached;
        });

        path.Should().Be(cached);
        stderr.ToString().Should().BeEmpty();
    }

    private static IAnsiConsole Interactive(TextWriter text) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(text),
        Interactive = InteractionSupport.Yes,
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.NoColors,
    });
}
