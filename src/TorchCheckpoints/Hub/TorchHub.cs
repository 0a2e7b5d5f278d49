using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TorchCheckpoints.Hub;

/// <summary>
/// Files from http(s) URLs, cached where PyTorch's <c>torch.hub.load_state_dict_from_url</c> caches them
/// (<c>$TORCH_HOME/hub/checkpoints</c>, by default <c>~/.cache/torch/hub/checkpoints</c>), so a file Python already
/// downloaded is used as it is and a file downloaded here serves Python too.
/// </summary>
/// <remarks>
/// A download goes to a temporary file in the cache folder (<c>&lt;name&gt;.&lt;32 hex digits&gt;.partial</c>, as
/// torch.hub names it) and is renamed to its cache name only once it is complete and its SHA-256 matches; a failed,
/// cancelled or mismatched download deletes the temporary file, so the cache never holds a partial or wrong file.
/// Several processes may download the same file at once: each writes its own temporary file, and the renames replace
/// one good copy with another.
/// </remarks>
public static class TorchHub
{
    private const int MinimumPrefixLength = 8;

    /// <summary>
    /// The folder files are cached in, as a full path: <see cref="CheckpointDownloadOptions.CacheDirectory"/> when set;
    /// otherwise <c>&lt;torch home&gt;/hub/checkpoints</c>, where the torch home is
    /// <see cref="CheckpointDownloadOptions.TorchHome"/> when set, else the <c>TORCH_HOME</c> environment variable,
    /// else <c>$XDG_CACHE_HOME/torch</c>, else <c>~/.cache/torch</c> (torch.hub's rules on every platform; empty
    /// variables count as unset). The folder need not exist.
    /// </summary>
    /// <param name="options">Folder overrides; null for the environment's.</param>
    public static string CheckpointsDirectory(CheckpointDownloadOptions? options = null)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (options?.CacheDirectory is { } cacheDirectory)
        {
            return Path.GetFullPath(TorchHubPaths.ExpandUser(cacheDirectory, home));
        }

        var torchHome = options?.TorchHome is { } configured
            ? TorchHubPaths.ExpandUser(configured, home)
            : TorchHubPaths.TorchHome(Environment.GetEnvironmentVariable, home);
        return Path.GetFullPath(TorchHubPaths.CheckpointsDirectory(torchHome));
    }

    /// <summary>
    /// The path a URL's file has in the cache: <see cref="CheckpointsDirectory"/> joined with the last segment of the
    /// URL's path, as torch.hub names it (e.g. <c>…/checkpoints/resnet18-f37072fd.pth</c>). The file need not exist.
    /// </summary>
    /// <param name="url">An absolute http or https URL whose path ends in a file name.</param>
    /// <param name="options">Folder overrides; null for the environment's.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL or its path does not end in a file name.</exception>
    public static string CachedPath(Uri url, CheckpointDownloadOptions? options = null) =>
        Path.Combine(CheckpointsDirectory(options), FileNameOf(url));

    /// <summary>
    /// The URL's file in the cache (see <see cref="CachedPath"/>), downloaded first when it is not there yet.
    /// With <see cref="CheckpointDownloadOptions.VerifyHash"/> on (the default) the file's SHA-256 must start with the
    /// expected prefix: <paramref name="sha256Prefix"/>, or the one in the file name (torch.hub's
    /// <c>name-&lt;hex&gt;.ext</c>, at least 8 digits); a URL with neither is not checked. A file already in the cache
    /// is checked too and never downloaded again.
    /// </summary>
    /// <param name="url">An absolute http or https URL whose path ends in a file name.</param>
    /// <param name="sha256Prefix">The expected start of the file's SHA-256 in hex (8 to 64 digits); null to take it from the file name.</param>
    /// <param name="options">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the download (the temporary file is deleted) with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The full path of the verified file in the cache.</returns>
    /// <exception cref="ArgumentException">The URL, the prefix or the timeout is not valid.</exception>
    /// <exception cref="CheckpointDownloadException">
    /// The download failed (no connection or no answer within the timeout, an HTTP error status, a transfer cut short,
    /// a SHA-256 mismatch, a cache folder that cannot be written), or the cached file fails its hash check. The message
    /// names the URL and the cache path.
    /// </exception>
    public static async Task<string> DownloadAsync(Uri url, string? sha256Prefix = null, CheckpointDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= new CheckpointDownloadOptions();
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, $"CheckpointDownloadOptions.Timeout must be positive, got {options.Timeout}.");
        }

        var fileName = FileNameOf(url);
        var expected = options.VerifyHash ? CheckedPrefix(sha256Prefix) ?? Sha256FileName.ExpectedPrefix(fileName) : null;
        var directory = CheckpointsDirectory(options);
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            if (expected is not null)
            {
                await VerifyCachedAsync(url, path, expected, cancellationToken).ConfigureAwait(false);
            }

            return path;
        }

        CreateDirectory(url, path, directory);
        await HttpDownload.ToFileAsync(url, path, expected, options, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>As <see cref="DownloadAsync"/>, waiting for it: the URL's file in the cache, downloaded first when it is not there yet.</summary>
    /// <param name="url">An absolute http or https URL whose path ends in a file name.</param>
    /// <param name="sha256Prefix">The expected start of the file's SHA-256 in hex (8 to 64 digits); null to take it from the file name.</param>
    /// <param name="options">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <returns>The full path of the verified file in the cache.</returns>
    /// <exception cref="ArgumentException">The URL, the prefix or the timeout is not valid.</exception>
    /// <exception cref="CheckpointDownloadException">The download failed or the cached file fails its hash check; the message names the URL and the cache path.</exception>
    public static string Download(Uri url, string? sha256Prefix = null, CheckpointDownloadOptions? options = null) =>
        DownloadAsync(url, sha256Prefix, options).GetAwaiter().GetResult();

    internal static string FileNameOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.", nameof(url));
        }

        // As torch.hub: the last segment of the path, not unescaped.
        var name = url.AbsolutePath[(url.AbsolutePath.LastIndexOf('/') + 1)..];
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"URL '{url}' does not end in a file name to cache the file under.", nameof(url));
        }

        return name;
    }

    private static string? CheckedPrefix(string? sha256Prefix)
    {
        if (sha256Prefix is null)
        {
            return null;
        }

        if (sha256Prefix.Length is < MinimumPrefixLength or > 64 || !sha256Prefix.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"SHA-256 prefix '{sha256Prefix}' must be {MinimumPrefixLength} to 64 hex digits.", nameof(sha256Prefix));
        }

        return sha256Prefix.ToLowerInvariant();
    }

    private static async Task VerifyCachedAsync(Uri url, string path, string expected, CancellationToken cancellationToken)
    {
        string actual;
        try
        {
            actual = await Sha256Hex.OfFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointDownloadException(url, path, $"Cached file '{path}' (from {url}) cannot be read: {e.Message}", e);
        }

        if (!actual.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new CheckpointDownloadException(url, path,
                $"Cached file '{path}' (from {url}) fails its hash check: its SHA-256 starts with {actual[..expected.Length]}, not {expected}. " +
                "Delete it to download it again, or turn CheckpointDownloadOptions.VerifyHash off to use it as it is.");
        }
    }

    private static void CreateDirectory(Uri url, string path, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointDownloadException(url, path, $"Cannot download {url} to '{path}': the cache folder '{directory}' cannot be created: {e.Message}", e);
        }
    }
}
