using static TorchSharp.torch;

namespace ShuffleNet.Torch.Reliability.Tests;

/// <summary>Small models and exact output snapshots shared by the reliability tests.</summary>
internal static class Models
{
    public const int Classes = 10;

    /// <summary>A 0.5× model with <see cref="Classes"/> classes in eval mode, with the weights of <paramref name="copyFrom"/> if given.</summary>
    /// <remarks>Test classes run in parallel and share the global generator, so identical models come from copying, not re-seeding.</remarks>
    public static ShuffleNetV2 NewEval(ShuffleNetV2? copyFrom = null)
    {
        var model = ShuffleNetV2.Create(ShuffleNetV2Width.X0_5, numClasses: Classes);
        if (copyFrom is not null)
        {
            model.load_state_dict(copyFrom.state_dict());
        }

        model.eval();
        return model;
    }

    /// <summary>The model's output for <paramref name="input"/> as plain floats (no tensor survives the call).</summary>
    public static float[] Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(input).data<float>().ToArray();
    }
}
