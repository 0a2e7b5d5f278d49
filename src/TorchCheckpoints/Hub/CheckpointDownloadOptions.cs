using System;

namespace TorchCheckpoints.Hub;

/// <summary>Where <see cref="TorchHub"/> caches files, whether it checks their hashes, how long it waits, and whom it tells about progress.</summary>
public sealed record CheckpointDownloadOptions
{
    /// <summary>The timeout used when <see cref="Timeout"/> is not set: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The folder used in place of the <c>TORCH_HOME</c> environment variable (files go to <c>&lt;TorchHome&gt;/hub/checkpoints</c>);
    /// null (the default) reads the environment as torch.hub does, see <see cref="TorchHub.CheckpointsDirectory"/>.
    /// A leading <c>~</c> stands for the user's home folder.
    /// </summary>
    public string? TorchHome { get; init; }

    /// <summary>
    /// The folder files are cached in, in place of <c>$TORCH_HOME/hub/checkpoints</c> (torch.hub's <c>model_dir</c>);
    /// null (the default) uses that folder. Takes precedence over <see cref="TorchHome"/>.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// When true (the default) a file is checked against its expected SHA-256 prefix — a download before it enters
    /// the cache, a file already in the cache before it is used. When false neither is checked.
    /// </summary>
    public bool VerifyHash { get; init; } = true;

    /// <summary>
    /// The longest wait for the server: to connect and answer, and then for each block of data (so a slow but steady
    /// download is never cut off, a stalled one is). Default <see cref="DefaultTimeout"/>; must be positive.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Told the bytes received so far and the total (when the server sends a Content-Length) after each block, on the
    /// downloading thread; not called when the file is already cached. Null (the default) for none.
    /// </summary>
    public IProgress<DownloadProgress>? Progress { get; init; }
}
