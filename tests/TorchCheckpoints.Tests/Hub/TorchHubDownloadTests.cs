using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;

namespace TorchCheckpoints.Tests.Hub;

public sealed class TorchHubDownloadTests : IDisposable
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    // Long enough for the head and first bytes to arrive on a busy machine, so the stall is the body's.
    private static readonly TimeSpan MidBodyTimeout = TimeSpan.FromSeconds(1);
    private readonly LocalHttpServer _server = new();
    private readonly HubFiles _files = new();

    public void Dispose()
    {
        _server.Dispose();
        _files.Dispose();
    }

    private CheckpointDownloadOptions Options => new() { TorchHome = _files.TorchHome };

    [Fact]
    public async Task DownloadAsync_GoodFile_SavesItUnderItsUrlNameInTorchHomesCheckpoints()
    {
        var body = HubFiles.Bytes(300_000);
        var name = HubFiles.HashName("model", body);
        var url = _server.Serve(name, body);

        var path = await TorchHub.DownloadAsync(url, options: Options);

        path.Should().Be(Path.Combine(_files.Checkpoints, name));
        File.ReadAllBytes(path).Should().Equal(body);
        _files.CachedFiles().Should().Equal(path);
    }

    [Fact]
    public async Task DownloadAsync_GoodFile_WritesATemporaryPartialFileBesideItUntilComplete()
    {
        var body = HubFiles.Bytes(300_000);
        var name = HubFiles.HashName("model", body);
        var url = _server.Serve(name, body);
        var seen = new List<string[]>();
        var progress = new SynchronousProgress(_ => seen.Add(_files.CachedFiles().Select(Path.GetFileName).ToArray()!));

        await TorchHub.DownloadAsync(url, options: Options with { Progress = progress });

        seen.Should().NotBeEmpty().And.OnlyContain(files => files.Length == 1);
        seen.Select(files => files[0]).Should().OnlyContain(f => Regex.IsMatch(f, $"^{Regex.Escape(name)}\\.[0-9a-f]{{32}}\\.partial$"));
    }

    [Fact]
    public async Task DownloadAsync_GoodFile_ReportsBytesDoneOfTotalUpToTheEnd()
    {
        var body = HubFiles.Bytes(300_000);
        var url = _server.Serve(HubFiles.HashName("model", body), body);
        var reports = new List<DownloadProgress>();

        await TorchHub.DownloadAsync(url, options: Options with { Progress = new SynchronousProgress(reports.Add) });

        reports.Should().HaveCountGreaterThan(2);
        reports[0].Should().Be(new DownloadProgress(0, body.Length));
        reports[^1].Should().Be(new DownloadProgress(body.Length, body.Length));
        reports.Select(r => r.BytesReceived).Should().BeInAscendingOrder();
        reports.Should().OnlyContain(r => r.TotalBytes == body.Length);
    }

    [Fact]
    public void Download_GoodFile_WorksSynchronouslyToo()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve(HubFiles.HashName("model", body), body);

        var path = TorchHub.Download(url, options: Options);

        File.ReadAllBytes(path).Should().Equal(body);
    }

    [Fact]
    public async Task DownloadAsync_ContentDoesNotMatchTheNamesHash_ThrowsNamingUrlAndPathAndLeavesNothing()
    {
        var body = HubFiles.Bytes(100_000);
        var corrupted = body.ToArray();
        corrupted[50_000] ^= 0xff;
        var name = HubFiles.HashName("model", body);
        var url = _server.Serve(name, corrupted);
        var path = Path.Combine(_files.Checkpoints, name);

        var act = () => TorchHub.DownloadAsync(url, options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Downloading {url} to '{path}' failed: the file's SHA-256 starts with {HubFiles.Prefix(corrupted)}, not {HubFiles.Prefix(body)}*Nothing was saved in the cache.")
            .Which.Url.Should().Be(url);
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_ExplicitPrefixDiffersFromContent_ThrowsAndLeavesNothing()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve("weights.pth", body);

        var act = () => TorchHub.DownloadAsync(url, sha256Prefix: "0123456789", options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>()).WithMessage("*SHA-256 starts with*not 0123456789*");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_ExplicitPrefixMatches_SavesTheFile()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve("weights.pth", body);

        var path = await TorchHub.DownloadAsync(url, sha256Prefix: HubFiles.Prefix(body).ToUpperInvariant(), options: Options);

        File.ReadAllBytes(path).Should().Equal(body);
    }

    [Fact]
    public async Task DownloadAsync_NameWithoutHashAndNoPrefix_SavesWithoutChecking()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve("weights.pth", body);

        var path = await TorchHub.DownloadAsync(url, options: Options);

        path.Should().EndWith("weights.pth");
        File.ReadAllBytes(path).Should().Equal(body);
    }

    [Fact]
    public async Task DownloadAsync_VerificationOffAndContentMismatched_SavesTheFile()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve("model-0000000000.pth", body);

        var path = await TorchHub.DownloadAsync(url, options: Options with { VerifyHash = false });

        File.ReadAllBytes(path).Should().Equal(body);
    }

    [Fact]
    public async Task DownloadAsync_ResponseCutShort_ThrowsWithBytesReceivedAndLeavesNothing()
    {
        var body = HubFiles.Bytes(400);
        var name = HubFiles.HashName("model", HubFiles.Bytes(1000));
        var url = _server.ServeCutShort(name, body, declaredLength: 1000);

        var act = () => TorchHub.DownloadAsync(url, options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Downloading {url} to '{Path.Combine(_files.Checkpoints, name)}' failed: the connection closed after 400 of 1,000 bytes. Nothing was saved in the cache.");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_NotFound_ThrowsWithTheStatusAndLeavesNothing()
    {
        var url = _server.ServeStatus("missing-0123456789.pth", 404, "Not Found");

        var act = () => TorchHub.DownloadAsync(url, options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Downloading {url} to '{Path.Combine(_files.Checkpoints, "missing-0123456789.pth")}' failed: the server answered 404 (Not Found). Nothing was saved in the cache.");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_ServerNeverAnswers_TimesOutNamingUrlPathAndTimeout()
    {
        var url = _server.ServeNoAnswer("slow-0123456789.pth");

        var act = () => TorchHub.DownloadAsync(url, options: Options with { Timeout = ShortTimeout });

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Downloading {url} to '{Path.Combine(_files.Checkpoints, "slow-0123456789.pth")}' failed: no answer from the server within 0.3 s (CheckpointDownloadOptions.Timeout). Nothing was saved in the cache.");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_ServerStallsMidBody_TimesOutAndLeavesNothing()
    {
        var url = _server.ServeStallingBody("stall-0123456789.pth", HubFiles.Bytes(500), declaredLength: 10_000);

        var act = () => TorchHub.DownloadAsync(url, options: Options with { Timeout = MidBodyTimeout });

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage("*failed: no answer from the server within 1 s (CheckpointDownloadOptions.Timeout) after 500 of 10,000 bytes. Nothing was saved in the cache.");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_NothingListensOnThePort_ThrowsNamingUrlAndPath()
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/model-0123456789.pth");

        // The default timeout: a refused connection fails at once, however busy the machine.
        var act = () => TorchHub.DownloadAsync(url, options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Downloading {url} to '{Path.Combine(_files.Checkpoints, "model-0123456789.pth")}' failed: cannot reach the server: *. Nothing was saved in the cache.");
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_CallerCancels_ThrowsOperationCanceledAndLeavesNothing()
    {
        var url = _server.ServeStallingBody("stall-0123456789.pth", HubFiles.Bytes(500), declaredLength: 10_000);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.BytesReceived > 0)
            {
                cancel.Cancel();
            }
        });

        var act = () => TorchHub.DownloadAsync(url, options: Options with { Progress = progress }, cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _files.CachedFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_FileAlreadyCached_ReturnsItWithoutARequest()
    {
        var body = HubFiles.Bytes(1000);
        var name = HubFiles.HashName("model", body);
        Directory.CreateDirectory(_files.Checkpoints);
        File.WriteAllBytes(Path.Combine(_files.Checkpoints, name), body);
        var url = _server.Serve(name, HubFiles.Bytes(1000, seed: 2));

        var path = await TorchHub.DownloadAsync(url, options: Options);

        path.Should().Be(Path.Combine(_files.Checkpoints, name));
        _server.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_CachedFileCorrupted_ThrowsNamingItAndKeepsItWithoutARequest()
    {
        var body = HubFiles.Bytes(1000);
        var name = HubFiles.HashName("model", body);
        var path = Path.Combine(_files.Checkpoints, name);
        Directory.CreateDirectory(_files.Checkpoints);
        var corrupted = HubFiles.Bytes(1000, seed: 2);
        File.WriteAllBytes(path, corrupted);
        var url = _server.Serve(name, body);

        var act = () => TorchHub.DownloadAsync(url, options: Options);

        (await act.Should().ThrowAsync<CheckpointDownloadException>())
            .WithMessage($"Cached file '{path}' (from {url}) fails its hash check: its SHA-256 starts with {HubFiles.Prefix(corrupted)}, not {HubFiles.Prefix(body)}. *VerifyHash off*")
            .Which.FilePath.Should().Be(path);
        File.ReadAllBytes(path).Should().Equal(corrupted);
        _server.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_CachedFileCorruptedAndVerificationOff_ReturnsIt()
    {
        var name = HubFiles.HashName("model", HubFiles.Bytes(1000));
        Directory.CreateDirectory(_files.Checkpoints);
        File.WriteAllBytes(Path.Combine(_files.Checkpoints, name), HubFiles.Bytes(1000, seed: 2));
        var url = _server.Serve(name, HubFiles.Bytes(1000));

        var path = await TorchHub.DownloadAsync(url, options: Options with { VerifyHash = false });

        File.ReadAllBytes(path).Should().Equal(HubFiles.Bytes(1000, seed: 2));
        _server.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_CacheDirectoryOption_CachesThereInsteadOfTorchHome()
    {
        var body = HubFiles.Bytes(1000);
        var url = _server.Serve(HubFiles.HashName("model", body), body);
        var folder = Path.Combine(_files.TorchHome, "elsewhere");

        var path = await TorchHub.DownloadAsync(url, options: Options with { CacheDirectory = folder });

        Path.GetDirectoryName(path).Should().Be(folder);
        _files.CachedFiles().Should().BeEmpty();
    }

    [Theory]
    [InlineData("ftp://example.org/model-0123456789.pth")]
    [InlineData("file:///tmp/model-0123456789.pth")]
    [InlineData("http://example.org/models/")]
    public async Task DownloadAsync_NotAnHttpFileUrl_ThrowsArgumentExceptionNamingIt(string url)
    {
        var act = () => TorchHub.DownloadAsync(new Uri(url), options: Options);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage($"*{url}*");
        _server.RequestCount.Should().Be(0);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0123456789xyz")]
    public async Task DownloadAsync_PrefixNotHex_ThrowsArgumentException(string prefix)
    {
        var act = () => TorchHub.DownloadAsync(_server.Url("weights.pth"), prefix, Options);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage($"*'{prefix}'*hex digits*");
    }

    [Fact]
    public async Task DownloadAsync_TimeoutNotPositive_ThrowsArgumentException()
    {
        var act = () => TorchHub.DownloadAsync(_server.Url("weights.pth"), options: Options with { Timeout = TimeSpan.Zero });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*Timeout must be positive*");
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
