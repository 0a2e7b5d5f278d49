using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ShuffleNet.Torch.Cards;
using ShuffleNet.Torch.Classification;
using TorchCheckpoints;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Pretrained;

/// <summary>
/// One published weights file and what torchvision says about it: the counterpart of a member of torchvision's
/// <c>ShuffleNet_V2_X*_Weights</c> enums (its <c>url</c>, <c>meta</c> and <c>transforms</c>). The four ImageNet
/// files are <see cref="X0_5_ImageNet1K_V1"/> … <see cref="X2_0_ImageNet1K_V1"/>; build a network from one with
/// <see cref="ShuffleNetV2.Create(ShuffleNetV2Width, ShuffleNetV2Weights?, CheckpointDownloadOptions?)"/>.
/// </summary>
public sealed partial class ShuffleNetV2Weights
{
    internal ShuffleNetV2Weights(
        ShuffleNetV2Width width, string tag, Uri url, CheckpointFormat format, long numParams, double gflops, double fileSizeMB,
        double acc1, double acc5, Uri recipe, ImageClassificationTransform transforms)
    {
        Width = width;
        Name = $"ShuffleNet_V2_{width}_Weights.{tag}";
        Url = url;
        FileName = Path.GetFileName(url.AbsolutePath);
        Sha256Prefix = Sha256FileName.ExpectedPrefix(FileName)
            ?? throw new ArgumentException($"The file name of {url} carries no SHA-256 prefix (name-<hex>.ext).", nameof(url));
        Format = format;
        NumParams = numParams;
        GFlops = gflops;
        FileSizeMB = fileSizeMB;
        Acc1 = acc1;
        Acc5 = acc5;
        Recipe = recipe;
        Transforms = transforms;
    }

    /// <summary>torchvision's name for the entry, e.g. <c>ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1</c>.</summary>
    public string Name { get; }

    /// <summary>The width of the network the weights are for.</summary>
    public ShuffleNetV2Width Width { get; }

    /// <summary>Where the file is published (torchvision's <c>url</c>).</summary>
    public Uri Url { get; }

    /// <summary>The file's name: the last segment of <see cref="Url"/>, as torch.hub caches it (e.g. <c>shufflenetv2_x1_5-3c479a10.pth</c>).</summary>
    public string FileName { get; }

    /// <summary>The start of the file's SHA-256 in lowercase hex, as its name carries it (e.g. <c>3c479a10</c>).</summary>
    public string Sha256Prefix { get; }

    /// <summary>
    /// The file's format: PyTorch's legacy (pre-1.6) format for the 2018–2019 files (0.5×, 1.0×), its zip format for
    /// the 2022 files (1.5×, 2.0×). Not in torchvision's metadata; <see cref="ShuffleNetV2.LoadWeights"/> reads both.
    /// </summary>
    public CheckpointFormat Format { get; }

    /// <summary>The file's size in MB (torchvision's <c>_file_size</c>, three decimals).</summary>
    public double FileSizeMB { get; }

    /// <summary>The number of parameters of the network (torchvision's <c>num_params</c>: the sum of every parameter's element count).</summary>
    public long NumParams { get; }

    /// <summary>
    /// Multiply-accumulates of one 3×224×224 forward pass, in billions, rounded to three decimals (torchvision's
    /// <c>_ops</c>, listed as GFLOPS); TorchStats reports the unrounded count as <c>Totals.Macs</c>.
    /// </summary>
    public double GFlops { get; }

    /// <summary>Top-1 accuracy on the ImageNet-1K validation set, in percent (torchvision's <c>_metrics["ImageNet-1K"]["acc@1"]</c>).</summary>
    public double Acc1 { get; }

    /// <summary>Top-5 accuracy on the ImageNet-1K validation set, in percent (torchvision's <c>_metrics["ImageNet-1K"]["acc@5"]</c>).</summary>
    public double Acc5 { get; }

    /// <summary>The class names, index = logit position (torchvision's <c>categories</c>): the 1,000 of <see cref="ImageNetClasses.Names"/>.</summary>
    public IReadOnlyList<string> Categories { get; } = ImageNetClasses.Names;

    /// <summary>The smallest input height and width the weights are meant for (torchvision's <c>min_size</c>: 1 × 1).</summary>
    public (int Height, int Width) MinSize { get; } = (1, 1);

    /// <summary>How the weights were trained (torchvision's <c>recipe</c>).</summary>
    public Uri Recipe { get; }

    /// <summary>
    /// The evaluation transform the accuracies were measured with (torchvision's <c>transforms</c>): resize 256 for the
    /// 0.5× and 1.0× files, 232 for the 1.5× and 2.0× files, then a 224 centre crop. A description only (this package
    /// reads no images); TorchImaging applies it: <c>ImageNetPreprocessing.Load(path, weights.Transforms)</c>.
    /// </summary>
    public ImageClassificationTransform Transforms { get; }

    /// <summary>Where the file is or would be in the cache (see <see cref="TorchHub.CachedPath"/>); it need not exist.</summary>
    /// <param name="options">Cache folder overrides; null for torch.hub's folder from the environment.</param>
    public string CachedPath(CheckpointDownloadOptions? options = null) => TorchHub.CachedPath(Url, options);

    /// <summary>
    /// The file in torch.hub's cache, downloaded first when it is not there yet, its SHA-256 checked against
    /// <see cref="Sha256Prefix"/> unless <see cref="CheckpointDownloadOptions.VerifyHash"/> is off (see <see cref="TorchHub.DownloadAsync"/>).
    /// </summary>
    /// <param name="options">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>The full path of the file in the cache.</returns>
    /// <exception cref="CheckpointDownloadException">The download failed or the cached file fails its hash check; the message names the URL and the cache path.</exception>
    public Task<string> DownloadAsync(CheckpointDownloadOptions? options = null, CancellationToken cancellationToken = default) =>
        TorchHub.DownloadAsync(Url, Sha256Prefix, options, cancellationToken);

    /// <summary>As <see cref="DownloadAsync"/>, waiting for it.</summary>
    /// <param name="options">Cache folder, hash checking, timeout and progress; null for the defaults.</param>
    /// <returns>The full path of the file in the cache.</returns>
    /// <exception cref="CheckpointDownloadException">The download failed or the cached file fails its hash check; the message names the URL and the cache path.</exception>
    public string Download(CheckpointDownloadOptions? options = null) => TorchHub.Download(Url, Sha256Prefix, options);

    /// <summary>
    /// The entry as a model card: the width's architecture, the 1,000 ImageNet categories, <see cref="Transforms"/>,
    /// and where it comes from (ImageNet-1k, the recipe, acc@1 and acc@5 as fractions, torchvision).
    /// </summary>
    public ModelCard Card => new()
    {
        Architecture = ShuffleNetV2Architecture.For(Width).ToCard(),
        Classes = Categories,
        Transform = Transforms,
        Weights = FileName,
        Provenance = new ModelProvenance
        {
            Data = new ModelDataSource { Kind = "imagenet-1k", TestSplit = "val" },
            Recipe = Recipe.ToString(),
            Metrics = new Dictionary<string, double> { ["test_top1"] = Acc1 / 100, ["test_top5"] = Acc5 / 100 },
            Tool = $"torchvision ({Name}, {Url})",
        },
    };

    /// <summary>The entry's <see cref="Name"/>.</summary>
    /// <returns>For example <c>ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1</c>.</returns>
    public override string ToString() => Name;
}
