using System.IO;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Sample;

/// <summary>The weights file to load, and the registry entry it is (null when no entry's name or hash matches).</summary>
internal sealed record ResolvedWeights(string Path, ShuffleNetV2Weights? Entry)
{
    /// <summary>
    /// A local file as it is; a URL or an entry from torch.hub's cache, downloaded first when missing (with a progress
    /// display on stderr). The entry of a file or URL is found by its name, else its SHA-256
    /// (<see cref="ShuffleNetV2Weights.Identify(string)"/>).
    /// </summary>
    /// <exception cref="CheckpointDownloadException">The download failed, or the cached file fails its hash check.</exception>
    public static ResolvedWeights Of(WeightsSource source, DownloadSettings settings, TextWriter stderr)
    {
        if (source.Pretrained is { } entry)
        {
            return new ResolvedWeights(Download(entry.Url, entry.Sha256Prefix, settings, stderr), entry);
        }

        var path = source.Url is { } url ? Download(url, sha256Prefix: null, settings, stderr) : source.File!;
        return new ResolvedWeights(path, File.Exists(path) ? ShuffleNetV2Weights.Identify(path) : null);
    }

    private static string Download(System.Uri url, string? sha256Prefix, DownloadSettings settings, TextWriter stderr)
    {
        var options = new CheckpointDownloadOptions { VerifyHash = settings.VerifyHash, CacheDirectory = settings.CacheDirectory, Timeout = settings.Timeout };
        return DownloadDisplay.Show(url, TorchHub.CachedPath(url, options), stderr,
            progress => TorchHub.Download(url, sha256Prefix, options with { Progress = progress }));
    }
}
