using System.Collections.Generic;
using TorchCheckpoints.Hub;

namespace ShuffleNet.Torch.Classifier;

/// <summary>What <see cref="ShuffleNetV2Classifier.Load"/> takes from the caller instead of the model card; every member null means "the card's".</summary>
public sealed record ClassifierLoadOptions
{
    /// <summary>The evaluation transform to use instead of the card's (or instead of ImageNet's when there is no card).</summary>
    public ImageClassificationTransform? Transform { get; init; }

    /// <summary>
    /// The transform of a model that has no card (and no <see cref="Transform"/> is given), instead of ImageNet's
    /// (resize 256, crop 224): for example the one a caller was told, when nothing records how the model was evaluated.
    /// </summary>
    public ImageClassificationTransform? DefaultTransform { get; init; }

    /// <summary>
    /// A change to the card's transform (or, when there is no card, to <see cref="DefaultTransform"/> or ImageNet's), applied after <see cref="Transform"/>:
    /// for example <c>t =&gt; t.WithResize(300)</c> to keep the card's crop and normalisation but resize otherwise.
    /// </summary>
    public System.Func<ImageClassificationTransform, ImageClassificationTransform>? AdjustTransform { get; init; }

    /// <summary>
    /// Values that replace parts of the transform, applied last (after <see cref="AdjustTransform"/>). For a model
    /// without a card, and without <see cref="Transform"/> or <see cref="DefaultTransform"/>, overrides that give the
    /// crop, mean and std make the transform on their own (<see cref="TransformOverrides.ToTransform"/>).
    /// </summary>
    public TransformOverrides? Overrides { get; init; }

    /// <summary>The class names to use instead of the card's, one per output.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>The width the file must hold (a file of another width is refused); null accepts the file's.</summary>
    public ShuffleNetV2Width? Width { get; init; }

    /// <summary>The class count the file must have (a file with another count is refused); null accepts the file's.</summary>
    public int? NumClasses { get; init; }

    /// <summary>TorchSharp (the default for weights and checkpoints) or ONNX Runtime (the only engine for ONNX files; for weights, the network exported in memory).</summary>
    public ClassifierEngine? Engine { get; init; }

    /// <summary>Where the TorchSharp network runs (inputs are moved there); null (default) for the CPU. ONNX Runtime runs on the CPU.</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>
    /// Whether the TorchSharp network runs on channels-last (NHWC) activations (<c>ShuffleNetV2Base.ChannelsLast</c>);
    /// default <see langword="true"/>: on the CPU that layout was faster at every width and at batch 1 and 32, plain and
    /// BatchNorm-folded (BENCHMARKS.md, the speed levers), with the same logits up to float rounding. False keeps the
    /// network's own setting.
    /// </summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>ONNX Runtime's threads inside one operator; 0 (default) lets ONNX Runtime choose. TorchSharp's threads are process-wide: <c>torch.set_num_threads</c>.</summary>
    public int OnnxThreads { get; init; }

    /// <summary>Whether a weights file named like one of torchvision's (or with its SHA-256) must have its hash checked (see <c>WeightsLoadOptions.VerifyHashFromFileName</c>); default false.</summary>
    public bool VerifyHashFromFileName { get; init; }
}
