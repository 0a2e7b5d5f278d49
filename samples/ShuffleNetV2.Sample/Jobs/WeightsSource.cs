using System;
using ShuffleNet.Torch.Pretrained;

namespace ShuffleNet.Torch.Sample;

/// <summary>
/// Where classify's weights come from: a local <see cref="File"/>, a <see cref="Url"/> or a registry entry
/// (<see cref="Pretrained"/>), the last two downloaded into torch.hub's cache first; all null for random weights.
/// </summary>
internal sealed record WeightsSource(string? File, Uri? Url, ShuffleNetV2Weights? Pretrained)
{
    public static WeightsSource Random { get; } = new(null, null, null);

    /// <summary>True when no weights are given: the network keeps its random initialisation.</summary>
    public bool IsRandom => File is null && !Downloads;

    /// <summary>True when the weights come through the download cache.</summary>
    public bool Downloads => Url is not null || Pretrained is not null;

    /// <summary>--weights takes a file or an http(s) URL; this is the URL, or null for a file.</summary>
    public static Uri? AsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;

    /// <summary>The source of --weights TEXT (a file or a URL) or --pretrained.</summary>
    public static WeightsSource Of(string? weights, ShuffleNetV2Weights? pretrained) =>
        weights is null ? new(null, null, pretrained) : AsUrl(weights) is { } url ? new(null, url, null) : new(weights, null, null);
}

/// <summary>How classify downloads: --no-verify, --cache-dir (null: torch.hub's folder from the environment), --timeout.</summary>
internal sealed record DownloadSettings(bool VerifyHash, string? CacheDirectory, TimeSpan Timeout);
