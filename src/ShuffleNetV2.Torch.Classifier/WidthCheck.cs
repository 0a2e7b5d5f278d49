namespace ShuffleNet.Torch.Classifier;

/// <summary>The one check that a weights file holds the width asked for (loading a classifier, fine-tuning from weights).</summary>
internal static class WidthCheck
{
    /// <summary>Refuses <paramref name="found"/> when a width was asked for and the file holds another network.</summary>
    /// <exception cref="ModelMismatchException">The file holds another width or a custom architecture; the message names the file and both.</exception>
    public static void Require(ShuffleNetV2Architecture found, ShuffleNetV2Width? width, string path)
    {
        if (width is not { } asked || found.Equals(ShuffleNetV2Architecture.For(asked)))
        {
            return;
        }

        var holds = found.Width is { } fileWidth ? $"the {fileWidth.ToText()}x width" : found.ToString();
        throw new ModelMismatchException(ModelSetting.Width, path, $"{asked.ToText()}x", holds);
    }
}
