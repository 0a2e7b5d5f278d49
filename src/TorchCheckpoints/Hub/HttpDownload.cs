using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace TorchCheckpoints.Hub;

/// <summary>One download to a temporary file beside its destination, checked and renamed only when complete.</summary>
internal static class HttpDownload
{
    private const int BlockSize = 1 << 16;

    // One client for the process, as HttpClient is meant to be used; timeouts are per request (see ToFileAsync).
    private static readonly HttpClient Client = CreateClient();

    public static async Task ToFileAsync(Uri url, string path, string? sha256Prefix, CheckpointDownloadOptions options, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        var transfer = new Transfer();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            deadline.CancelAfter(options.Timeout);
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(url, path, $"the server answered {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()})");
            }

            transfer.Total = response.Content.Headers.ContentLength;
            var actual = await CopyAsync(response, temporary, transfer, deadline, options, cancellationToken).ConfigureAwait(false);
            if (transfer.Total is { } total && transfer.Received != total)
            {
                throw Failure(url, path, $"the transfer ended{transfer.Describe()}");
            }

            if (sha256Prefix is not null && !actual.StartsWith(sha256Prefix, StringComparison.Ordinal))
            {
                throw Failure(url, path,
                    $"the file's SHA-256 starts with {actual[..sha256Prefix.Length]}, not {sha256Prefix} (the transfer was damaged, or the URL serves another file)");
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(url, path, $"no answer from the server within {Seconds(options.Timeout)} (CheckpointDownloadOptions.Timeout){transfer.Describe()}", e);
        }
        catch (HttpRequestException e)
        {
            var unreachable = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError;
            throw Failure(url, path, unreachable ? $"cannot reach the server: {e.Message}" : e.Message, e);
        }
        catch (HttpIOException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            throw Failure(url, path, $"the connection closed{transfer.Describe()}", e);
        }
        catch (Exception e) when (e is (IOException and not CheckpointFileException) or UnauthorizedAccessException)
        {
            throw Failure(url, path, $"{e.Message.TrimEnd('.')}{(transfer.Received > 0 ? $" ({transfer.Describe().Trim()})" : string.Empty)}", e);
        }
        finally
        {
            DeleteIfPresent(temporary);
        }
    }

    /// <summary>Copies the body to a new file, hashing it on the way; each read waits at most the timeout.</summary>
    /// <returns>The body's SHA-256 in lowercase hex.</returns>
    private static async Task<string> CopyAsync(
        HttpResponseMessage response, string temporary, Transfer transfer, CancellationTokenSource deadline, CheckpointDownloadOptions options, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockSize];
        var source = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BlockSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                options.Progress?.Report(new DownloadProgress(0, transfer.Total));
                while (true)
                {
                    deadline.CancelAfter(options.Timeout);
                    var read = await source.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
                    deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                    if (read == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    hash.AppendData(buffer, 0, read);
                    transfer.Received += read;
                    options.Progress?.Report(new DownloadProgress(transfer.Received, transfer.Total));
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void DeleteIfPresent(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; a leftover *.partial file is never mistaken for a cached one.
        }
    }

    private static CheckpointDownloadException Failure(Uri url, string path, string reason, Exception? inner = null) =>
        new(url, path, $"Downloading {url} to '{path}' failed: {reason}. Nothing was saved in the cache.", inner);

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("TorchCheckpoints");
        return client;
    }

    private sealed class Transfer
    {
        public long Received { get; set; }

        public long? Total { get; set; }

        public string Describe() =>
            Received == 0 && Total is null ? string.Empty
            : Total is { } total ? string.Create(CultureInfo.InvariantCulture, $" after {Received:N0} of {total:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $" after {Received:N0} bytes");
    }
}
