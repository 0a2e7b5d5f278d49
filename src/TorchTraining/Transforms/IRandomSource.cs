namespace TorchTraining.Transforms;

/// <summary>
/// The random draws a transform makes, one method per kind of draw torchvision makes from torch's generator, so that a
/// transform written against this interface follows torchvision's algorithm draw for draw.
/// </summary>
/// <remarks>
/// The data loader gives each sample its own <see cref="SampleRandom"/>; tests can replay recorded draws instead.
/// </remarks>
public interface IRandomSource
{
    /// <summary>A float32 uniformly distributed in [<paramref name="low"/>, <paramref name="high"/>), like
    /// <c>torch.empty(1).uniform_(low, high)</c> (and <c>torch.rand(1)</c> for [0, 1)).</summary>
    /// <param name="low">The lower bound (included).</param>
    /// <param name="high">The upper bound (excluded, up to float rounding, as in torch).</param>
    float Uniform(float low, float high);

    /// <summary>An integer uniformly distributed in [<paramref name="low"/>, <paramref name="high"/>), like
    /// <c>torch.randint(low, high, (1,))</c>.</summary>
    /// <param name="low">The lowest value.</param>
    /// <param name="high">One more than the highest value (greater than <paramref name="low"/>).</param>
    int UniformInteger(int low, int high);

    /// <summary>A float32 from the standard normal distribution, like one element of <c>torch.empty(n).normal_()</c>.</summary>
    float Normal();
}
