using System;
using System.Linq;
using System.Text.Json;
using TorchTraining.Transforms;

namespace TorchTraining.Tests.Support;

/// <summary>
/// Replays the draws torchvision made (recorded by tools/make_transform_fixtures.py): each call must ask for the next
/// recorded draw, of the same kind and range, else the algorithm differs from torchvision's and the test fails.
/// </summary>
internal sealed class ScriptedRandom : IRandomSource
{
    private readonly JsonElement[] _draws;
    private int _next;

    public ScriptedRandom(JsonElement draws)
    {
        _draws = draws.EnumerateArray().ToArray();
    }

    public int Used => _next;

    public int Count => _draws.Length;

    public float Uniform(float low, float high)
    {
        var draw = Next("uniform", $"Uniform({low}, {high})");
        if ((float)draw.GetProperty("low").GetDouble() != low || (float)draw.GetProperty("high").GetDouble() != high)
        {
            throw new InvalidOperationException($"Draw {_next - 1}: asked Uniform({low:R}, {high:R}), torchvision drew uniform_({draw.GetProperty("low").GetDouble():R}, {draw.GetProperty("high").GetDouble():R}).");
        }

        return (float)draw.GetProperty("value").GetDouble();
    }

    public int UniformInteger(int low, int high)
    {
        var draw = Next("integer", $"UniformInteger({low}, {high})");
        if (draw.GetProperty("low").GetInt32() != low || draw.GetProperty("high").GetInt32() != high)
        {
            throw new InvalidOperationException($"Draw {_next - 1}: asked UniformInteger({low}, {high}), torchvision drew randint({draw.GetProperty("low").GetInt32()}, {draw.GetProperty("high").GetInt32()}).");
        }

        return draw.GetProperty("value").GetInt32();
    }

    public float Normal() => (float)Next("normal", "Normal()").GetProperty("value").GetDouble();

    private JsonElement Next(string kind, string asked)
    {
        if (_next >= _draws.Length)
        {
            throw new InvalidOperationException($"Asked {asked} after torchvision's {_draws.Length} draws.");
        }

        var draw = _draws[_next++];
        var recorded = draw.GetProperty("kind").GetString();
        return recorded == kind
            ? draw
            : throw new InvalidOperationException($"Draw {_next - 1}: asked {asked}, torchvision drew {recorded}.");
    }
}

/// <summary>A random source that fails if anything draws from it.</summary>
internal sealed class NoRandom : IRandomSource
{
    public static readonly NoRandom Instance = new();

    public float Uniform(float low, float high) => throw new InvalidOperationException("A deterministic transform drew a uniform.");

    public int UniformInteger(int low, int high) => throw new InvalidOperationException("A deterministic transform drew an integer.");

    public float Normal() => throw new InvalidOperationException("A deterministic transform drew a normal.");
}
