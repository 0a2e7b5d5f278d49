using FluentAssertions;
using TorchShared;
using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Walk;

/// <summary>The train/eval flags saved and restored around a walk (src/Shared/TrainingModes.cs, also the trainer's evaluation).</summary>
public sealed class TrainingModesTests
{
    [Fact]
    public void SwitchToEval_ModuleSharedByParentsInOtherModes_RestoresEveryFlag()
    {
        using var shared = nn.Dropout(0.5);
        using var inner = nn.Sequential(("shared", shared));
        using var model = nn.Sequential(("shared", shared), ("inner", inner));
        model.train();
        shared.eval();

        using (TrainingModes.SwitchToEval(model))
        {
            (model.training, inner.training, shared.training).Should().Be((false, false, false));
        }

        (model.training, inner.training, shared.training).Should().Be((true, true, false), "inner.train(true) also sets the shared module, which is put back after it");
    }

    [Fact]
    public void SwitchToEval_ModelAlreadyInEval_ChangesNoFlag()
    {
        using var model = nn.Sequential(("drop", nn.Dropout(0.5)));
        model.eval();

        using (TrainingModes.SwitchToEval(model))
        {
            model.training.Should().BeFalse();
        }

        model.training.Should().BeFalse();
    }
}
