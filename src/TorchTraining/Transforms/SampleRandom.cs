using System;

namespace TorchTraining.Transforms;

/// <summary>
/// A small, fast random generator whose stream is a pure function of its seed (SplitMix64), with seeds derived from
/// (seed, epoch, sample index) so that every sample's augmentation is the same whatever thread or worker count draws it.
/// </summary>
/// <remarks>
/// torchvision draws from torch's one global generator, so its augmentations depend on the order in which samples are
/// processed. Here each sample has its own stream: the distributions and the algorithms of the transforms are
/// torchvision's, the random numbers are not (the same seed does not give PyTorch's crops). Written by hand because the
/// stream must stay the same across .NET versions, which <see cref="Random"/> does not promise for seeded instances.
/// Not thread-safe: one instance per sample.
/// </remarks>
public sealed class SampleRandom : IRandomSource
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const ulong SecondKey = 0xD1B54A32D192ED03;
    private const ulong ThirdKey = 0x8CB92BA72F3D8DD7;
    private const ulong ShuffleTag = 0x5348_5546_464C_4531; // "SHUFFLE1": never a sample index (those are below 2³¹).
    private const ulong SplitTag = 0x5350_4C49_5431_3233;   // "SPLIT123"

    private ulong _state;

    /// <summary>Starts a stream from a 64-bit seed.</summary>
    /// <param name="seed">Any value; equal seeds give equal streams.</param>
    public SampleRandom(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The stream of one sample in one epoch: the one the data loader uses for its transforms.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch (0-based).</param>
    /// <param name="index">The sample's index in the dataset (not its position in the shuffled order).</param>
    public static SampleRandom ForSample(int seed, int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new SampleRandom(Derive(seed, epoch, (ulong)index));
    }

    /// <summary>The stream that shuffles one epoch's order.</summary>
    internal static SampleRandom ForShuffle(int seed, int epoch) => new(Derive(seed, epoch, ShuffleTag));

    /// <summary>The stream that splits one class of a dataset into training and validation files.</summary>
    internal static SampleRandom ForSplit(int seed, int classIndex) => new(Derive(seed, classIndex, SplitTag));

    /// <inheritdoc />
    public float Uniform(float low, float high)
    {
        if (!(low <= high))
        {
            throw new ArgumentException($"Uniform needs low <= high, got [{low}, {high}).", nameof(low));
        }

        // 24 random bits: every float in [0, 1) with spacing 2^-24, as torch's float uniform.
        var unit = (NextUInt64() >> 40) * (1.0 / (1 << 24));
        return (float)((unit * ((double)high - low)) + low);
    }

    /// <inheritdoc />
    public int UniformInteger(int low, int high)
    {
        if (high <= low)
        {
            throw new ArgumentException($"UniformInteger needs low < high, got [{low}, {high}).", nameof(low));
        }

        var range = (ulong)((long)high - low);
        return (int)(low + (long)NextBelow(range));
    }

    /// <inheritdoc />
    public float Normal()
    {
        // Box–Muller on two 53-bit uniforms; 1 - u keeps the logarithm finite.
        var u1 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        var u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>The next 64 random bits.</summary>
    internal ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>An unbiased integer in [0, <paramref name="bound"/>) (Lemire's multiply-and-reject).</summary>
    internal ulong NextBelow(ulong bound)
    {
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return product;
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    internal void Shuffle(int[] values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = (int)NextBelow((ulong)i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Derive(long first, long second, ulong third)
    {
        var hash = Mix(unchecked((ulong)first) + Golden);
        hash = Mix(hash ^ Mix(unchecked((ulong)second + SecondKey)));
        return Mix(hash ^ Mix(third + ThirdKey));
    }

    // SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit values that mixes every bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
