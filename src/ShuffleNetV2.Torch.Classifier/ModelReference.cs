using System;
using ShuffleNet.Torch.Pretrained;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// Where a classifier comes from, before anything is read: a file or folder on disk, an http(s) URL or one of
/// torchvision's registry entries (both through torch.hub's cache), or nothing: a freshly initialised network.
/// <see cref="ShuffleNetV2Classifier.Open"/> opens it.
/// </summary>
/// <example>
/// <code>
/// using var classifier = ShuffleNetV2Classifier.Open(ModelReference.Parse(args[0]));   // "runs/fashion", "model.onnx" or "https://.../x.pth"
/// </code>
/// </example>
public sealed class ModelReference
{
    private ModelReference(string? path, Uri? url, ShuffleNetV2Weights? pretrained)
    {
        Path = path;
        Url = url;
        Pretrained = pretrained;
    }

    /// <summary>No weights: a freshly initialised network of the load options' width and class count (random classes, no card).</summary>
    public static ModelReference Untrained { get; } = new(null, null, null);

    /// <summary>A file or folder on disk (a run folder, a weights or checkpoint file, an ONNX file), or null.</summary>
    public string? Path { get; }

    /// <summary>An http(s) URL downloaded into torch.hub's cache, or null.</summary>
    public Uri? Url { get; }

    /// <summary>A registry entry (torchvision's published weights), or null.</summary>
    public ShuffleNetV2Weights? Pretrained { get; }

    /// <summary>Whether there are no weights (<see cref="Untrained"/>).</summary>
    public bool IsUntrained => Path is null && Url is null && Pretrained is null;

    /// <summary>What is downloaded into torch.hub's cache: <see cref="Url"/> or the registry entry's; null for a path or no weights.</summary>
    public Uri? DownloadUrl => Url ?? Pretrained?.Url;

    /// <summary>A registry entry's weights.</summary>
    /// <param name="weights">The entry, e.g. <c>ShuffleNetV2Weights.X1_5_ImageNet1K_V1</c>.</param>
    /// <returns>The reference.</returns>
    public static ModelReference FromRegistry(ShuffleNetV2Weights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new ModelReference(null, null, weights);
    }

    /// <summary>A path on disk, or an http(s) URL whose path ends in the file name it is cached under.</summary>
    /// <param name="pathOrUrl">The text, e.g. from a command line.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">The text is empty, or a URL without a file name.</exception>
    public static ModelReference Parse(string pathOrUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        if (AsUrl(pathOrUrl) is not { } url)
        {
            return new ModelReference(pathOrUrl, null, null);
        }

        TorchHub.CachedPath(url);   // refuses a URL that names no file
        return new ModelReference(null, url, null);
    }

    /// <summary>The http(s) URL <paramref name="text"/> is, or null for anything else (a path).</summary>
    /// <param name="text">A path or a URL.</param>
    /// <returns>The URL, or null.</returns>
    public static Uri? AsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;

    /// <summary>Where <see cref="DownloadUrl"/> is (or will be) cached; null when nothing is downloaded.</summary>
    /// <param name="download">The cache folder; null for torch.hub's.</param>
    /// <returns>The cached file's path, or null.</returns>
    public string? CachePath(CheckpointDownloadOptions? download = null) => DownloadUrl is { } url ? TorchHub.CachedPath(url, download) : null;

    /// <summary>
    /// The file or folder on disk: <see cref="Path"/>, or the cached download (downloaded first when missing, its
    /// hash checked against the entry's prefix or the hex digits of the URL's file name); null for no weights.
    /// </summary>
    /// <param name="download">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <returns>The local path, or null.</returns>
    /// <exception cref="CheckpointDownloadException">The download failed, or the file fails its hash check.</exception>
    public string? Fetch(CheckpointDownloadOptions? download = null) =>
        Pretrained is { } entry ? entry.Download(download) : Url is { } url ? TorchHub.Download(url, sha256Prefix: null, download) : Path;

    /// <summary>
    /// Checks what can be checked before anything is read or downloaded: a resize smaller than a crop given with it,
    /// and the overrides against a registry entry's transform. <see cref="ShuffleNetV2Classifier.Open"/> does it first.
    /// </summary>
    /// <param name="options">The load options.</param>
    /// <exception cref="ArgumentException">The overrides do not fit (the message names them).</exception>
    public void CheckOptions(ClassifierLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Overrides?.CheckResizeAgainstCrop();
        if (Pretrained is { } entry && options.Overrides is { } overrides)
        {
            var transform = options.Transform ?? entry.Transforms;
            overrides.ApplyTo(options.AdjustTransform?.Invoke(transform) ?? transform, options.Transform is null ? $"{entry.Name}'s transform" : "the given transform");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Pretrained?.Name ?? Url?.ToString() ?? Path ?? "untrained";
}
