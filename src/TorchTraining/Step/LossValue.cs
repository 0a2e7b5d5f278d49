using static TorchSharp.torch;

namespace TorchTraining.Step;

/// <summary>Reads a scalar loss whatever the model's floating-point type (float32 as before; float64 without rounding to float32).</summary>
internal static class LossValue
{
    public static double Read(Tensor loss) => loss.dtype switch
    {
        ScalarType.Float32 => loss.item<float>(),
        ScalarType.Float64 => loss.item<double>(),
        _ => loss.to_type(ScalarType.Float64).item<double>(),
    };
}
