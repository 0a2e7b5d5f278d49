using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace TorchCheckpoints.Tests;

public sealed class StateDictMatchTests
{
    [Fact]
    public void Create_FittingStateDict_CopiesEveryTensorOnlyWhenAsked()
    {
        using var model = NewModel(seed: 1);
        using var source = NewModel(seed: 2);
        var state = Copy(source);
        var before = Copy(model);

        using var match = StateDictMatch.Create(model, state);

        match.Fits.Should().BeTrue();
        (match.LoadedCount, match.MissingKeys.Count, match.UnexpectedKeys.Count, match.ZeroFilledKeys.Count).Should().Be((9, 0, 0, 0));
        Differences(model, before).Should().BeEmpty("matching changes nothing");
        match.CopyIntoModule();
        Differences(model, state).Should().BeEmpty();
    }

    [Fact]
    public void Create_StrictWithEveryKindOfProblem_ListsThemModuleKeysFirstAndCannotCopy()
    {
        using var model = NewModel(seed: 1);
        var state = Copy(model);
        state.Remove("bn.running_var");
        state["conv.bias"] = zeros(3);
        state["fc.bias"] = zeros(3, dtype: ScalarType.Int64);
        state["extra.weight"] = zeros(4, 2);
        var before = Copy(model);

        using var match = StateDictMatch.Create(model, state);

        match.Problems.Select(p => (p.Kind, p.ModuleKey, p.FileKey)).Should().BeEquivalentTo(new[]
        {
            (StateDictProblemKind.Shape, "conv.bias", "conv.bias"),
            (StateDictProblemKind.Missing, "bn.running_var", (string?)null),
            (StateDictProblemKind.ElementType, "fc.bias", "fc.bias"),
            (StateDictProblemKind.Unexpected, (string?)null, "extra.weight"),
        });
        match.Problems[^1].Kind.Should().Be(StateDictProblemKind.Unexpected, "unexpected keys come after the module's");
        match.Problems.Select(p => p.ToString()).Should().Contain(
        [
            "'conv.bias' is Float32 [3] but the model has Float32 [2]",
            "'bn.running_var' is missing (the model has Float32 [2])",
            "'fc.bias' is Int64 [3] but the model has Float32 [3]",
            "'extra.weight' is not in the model",
        ]);
        match.MissingKeys.Should().Equal("bn.running_var");
        match.UnexpectedKeys.Should().Equal("extra.weight");
        match.Invoking(m => m.CopyIntoModule()).Should().Throw<InvalidOperationException>().WithMessage("*does not fit*conv.bias*");
        Differences(model, before).Should().BeEmpty();
    }

    [Fact]
    public void Create_NonStrict_LeavesMissingAndUnexpectedKeysOutAndCopiesTheRest()
    {
        using var model = NewModel(seed: 1);
        using var source = NewModel(seed: 2);
        var state = Copy(source);
        state.Remove("fc.weight");
        state["extra.weight"] = zeros(1);
        var before = Copy(model);

        using var match = StateDictMatch.Create(model, state, new StateDictLoadOptions { Strict = false });

        match.Fits.Should().BeTrue();
        match.MissingKeys.Should().Equal("fc.weight");
        match.UnexpectedKeys.Should().Equal("extra.weight");
        match.LoadedCount.Should().Be(8);
        match.CopyIntoModule();
        Differences(model, state.Where(kv => kv.Key != "extra.weight").ToDictionary()).Should().BeEmpty();
        Differences(model, new Dictionary<string, Tensor> { ["fc.weight"] = before["fc.weight"] }).Should().BeEmpty();
    }

    [Fact]
    public void Create_MapKeyAndSkip_LoadsOtherNamesAndLeavesSkippedKeysAlone()
    {
        using var model = NewModel(seed: 1);
        using var source = NewModel(seed: 2);
        var state = Copy(source).ToDictionary(kv => "features." + kv.Key, kv => kv.Value);
        state["features.fc.weight"] = zeros(5, 2);
        var fcBefore = model.state_dict()["fc.weight"].clone();

        using var match = StateDictMatch.Create(model, state, new StateDictLoadOptions
        {
            MapKey = key => key["features.".Length..],
            Skip = ["fc.weight"],
        });

        match.Fits.Should().BeTrue();
        match.LoadedCount.Should().Be(8);
        match.CopyIntoModule();
        model.state_dict()["fc.weight"].eq(fcBefore).all().item<bool>().Should().BeTrue();
        model.state_dict()["conv.weight"].eq(state["features.conv.weight"]).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Create_ShapeMismatchUnderAnotherName_NamesBothKeys()
    {
        using var model = NewModel(seed: 1);
        var state = Copy(model).ToDictionary(kv => "m." + kv.Key, kv => kv.Value);
        state["m.fc.bias"] = zeros(4);

        using var match = StateDictMatch.Create(model, state, new StateDictLoadOptions { MapKey = key => key[2..] });

        match.Problems.Should().ContainSingle().Which.ToString().Should().Be("'fc.bias' (file: 'm.fc.bias') is Float32 [4] but the model has Float32 [3]");
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Create_DoubleTensors_ConvertOnlyWhenAllowed(bool convert, bool fits)
    {
        using var model = NewModel(seed: 1);
        using var source = NewModel(seed: 2);
        var state = Copy(source).ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point() ? kv.Value.to(ScalarType.Float64) : kv.Value);

        using var match = StateDictMatch.Create(model, state, new StateDictLoadOptions { ConvertElementTypes = convert });

        match.Fits.Should().Be(fits);
        if (fits)
        {
            match.CopyIntoModule();
            model.parameters().Should().OnlyContain(p => p.dtype == ScalarType.Float32);
            Differences(model, Copy(source)).Should().BeEmpty();
        }
        else
        {
            match.Problems.Should().HaveCount(8).And.OnlyContain(p => p.Kind == StateDictProblemKind.ElementType);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1L, true)]
    [InlineData(2L, false)]
    public void Create_NumBatchesTrackedMissing_ZeroFilledWhenTheMetadataPredatesIt(long? version, bool zeroFilled)
    {
        using var model = NewModel(seed: 1);
        using (no_grad())
        {
            model.state_dict()["bn.num_batches_tracked"].fill_(7);
        }

        // The file names the BatchNorm "norm"; its version is looked up under the file's name.
        var state = Copy(model).Where(kv => kv.Key != "bn.num_batches_tracked")
            .ToDictionary(kv => kv.Key.StartsWith("bn.", StringComparison.Ordinal) ? "norm." + kv.Key[3..] : kv.Key, kv => kv.Value);
        var versions = version is { } v ? new Dictionary<string, long> { ["norm"] = v, ["bn"] = 1 } : new Dictionary<string, long> { ["bn"] = 2 };

        using var match = StateDictMatch.Create(model, state, new StateDictLoadOptions
        {
            MapKey = key => key.StartsWith("norm.", StringComparison.Ordinal) ? "bn." + key[5..] : key,
            ModuleVersions = versions,
        });

        match.ZeroFilledKeys.Should().Equal(zeroFilled ? ["bn.num_batches_tracked"] : []);
        match.Fits.Should().Be(zeroFilled);
        if (zeroFilled)
        {
            match.CopyIntoModule();
            model.state_dict()["bn.num_batches_tracked"].item<long>().Should().Be(0);
            match.LoadedCount.Should().Be(8);
        }
        else
        {
            match.MissingKeys.Should().Equal("bn.num_batches_tracked");
        }
    }

    [Fact]
    public void Create_NumBatchesTrackedMissingWithoutMetadata_IsMissing()
    {
        using var model = NewModel(seed: 1);
        var state = Copy(model);
        state.Remove("bn.num_batches_tracked");

        using var match = StateDictMatch.Create(model, state);

        match.ZeroFilledKeys.Should().BeEmpty();
        match.Problems.Should().ContainSingle().Which.Kind.Should().Be(StateDictProblemKind.Missing);
    }

    private static nn.Module NewModel(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", nn.BatchNorm2d(2)), ("fc", nn.Linear(2, 3)));
    }

    private static Dictionary<string, Tensor> Copy(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static List<string> Differences(nn.Module model, IReadOnlyDictionary<string, Tensor> expected) =>
        expected.Where(kv => !model.state_dict()[kv.Key].eq(kv.Value).all().item<bool>()).Select(kv => kv.Key).ToList();
}
