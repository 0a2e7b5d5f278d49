using System;
using System.Linq;
using FluentAssertions;
using TorchSharp.Modules;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch.nn;

namespace TorchStats.Tests.Counters;

public sealed class CounterRegistryTests
{
    [Fact]
    public void Analyze_UnknownLayerType_IsReportedUnsupportedWithParamsAndMemory()
    {
        using var model = Sequential(("double", new Doubler()), ("relu", ReLU()));

        var report = ModelStatistics.Analyze(model, [2, 3, 4, 4]);

        var row = report.Rows[0];
        row.Status.Should().Be(LayerStatus.Unsupported);
        row.Parameters.Should().Be(3);
        row.MemoryMB.Should().Be(3 * 4 * 4 * 4 / (1024f * 1024f));
        (row.MAdd, row.Flops, row.MemoryReadBytes, row.MemoryWriteBytes, row.Macs).Should().Be((0L, 0L, 0L, 0L, 0L));
        report.UnsupportedTypes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { TypeName = "Doubler", Modules = new[] { "double" } });
    }

    [Fact]
    public void Analyze_RegisteredCounterForOwnType_UsesIt()
    {
        using var model = Sequential(("double", new Doubler()));
        var options = new AnalysisOptions
        {
            Counters = CounterRegistry.CreateDefault().Register<Doubler>((_, call) => new LayerCounts(call.InputElementsPerSample, call.InputElements, 1, 2, 3)),
        };

        var row = ModelStatistics.Analyze(model, [2, 3, 4, 4], options).Rows.Single();

        row.Status.Should().Be(LayerStatus.Counted);
        (row.MAdd, row.Flops, row.MemoryReadBytes, row.MemoryWriteBytes, row.Macs).Should().Be((48L, 96L, 1L, 2L, 3L));
    }

    [Fact]
    public void Analyze_TypeIgnoredOnPurpose_IsNotUnsupported()
    {
        using var model = Sequential(("double", new Doubler()));
        var options = new AnalysisOptions { Counters = CounterRegistry.CreateDefault().Ignore<Doubler>() };

        var report = ModelStatistics.Analyze(model, [1, 3, 4, 4], options);

        report.Rows.Single().Status.Should().Be(LayerStatus.IgnoredOnPurpose);
        report.UnsupportedTypes.Should().BeEmpty();
        report.IgnoredTypes.Should().Equal("Doubler");
    }

    [Fact]
    public void Analyze_CounterThatCannotCountTheCall_MarksRowUnsupportedWithTheReason()
    {
        using var model = Sequential(("conv", Conv1d(2, 2, 1)));
        var options = new AnalysisOptions
        {
            Counters = CounterRegistry.CreateDefault().Register<Conv1d>((_, _) => throw new NotSupportedException("Conv1d needs a 1-D rule.")),
        };

        var report = ModelStatistics.Analyze(model, [1, 2, 5], options);

        report.Rows.Single().Should().BeEquivalentTo(new { Status = LayerStatus.Unsupported, Note = "Conv1d needs a 1-D rule.", Parameters = 6L });
        report.UnsupportedTypes.Single().Reasons.Should().Equal("Conv1d needs a 1-D rule.");
    }

    [Fact]
    public void Analyze_TorchstatRegistry_LeavesSigmoidTanhAndAdaptivePoolingUnsupportedAsTorchstat()
    {
        using var model = new ZooNet();

        var report = ModelStatistics.Analyze(model, [1, 3, 20, 24], new AnalysisOptions { Counters = CounterRegistry.CreateTorchstat() });

        report.UnsupportedTypes.Select(u => u.TypeName).Should().Equal("Sigmoid", "Tanh", "AdaptiveAvgPool2d");
        report.NeverCalled.Select(r => r.Name).Should().Equal("unused");
        report.IgnoredTypes.Should().BeEquivalentTo("Sequential", "Identity", "Dropout", "Flatten");
    }

    [Fact]
    public void Analyze_RecurrentLeafWhoseCallsCannotBeObserved_IsReportedUnsupportedWithTheReason()
    {
        using var model = new LstmHead();

        var report = ModelStatistics.Analyze(model, [2, 3, 4]);

        var lstm = report.Rows.Single(r => r.Name == "lstm");
        lstm.Should().BeEquivalentTo(new { Status = LayerStatus.Unsupported, TypeName = "LSTM", Calls = 0, Parameters = 0L });
        report.UnsupportedTypes.Should().ContainSingle().Which.Reasons.Should().Equal("Its forward does not take and return one tensor, so its calls cannot be observed.");
        report.Rows.Single(r => r.Name == "fc").Status.Should().Be(LayerStatus.Counted);
        // LSTM(4, 5): 4·5·(4 + 5) weights + 2·4·5 biases = 220 parameters, in no row but in the model's count
        (report.ModelParameters - report.Totals.Parameters).Should().Be(220);
    }

    [Fact]
    public void Resolve_TypeWithoutOwnEntry_UsesNearestBaseType()
    {
        var registry = new CounterRegistry().Ignore<TorchSharp.torch.nn.Module>();

        registry.Resolve(typeof(Doubler)).Should().Be((true, (LayerCounter<TorchSharp.torch.nn.Module>?)null));
        new CounterRegistry().Resolve(typeof(Doubler)).Found.Should().BeFalse();
    }

    [Fact]
    public void Register_NonModuleType_ThrowsNamingTheType()
    {
        var act = () => new CounterRegistry().Ignore(typeof(string));

        act.Should().Throw<ArgumentException>().WithMessage("*System.String is not a TorchSharp module type*").Which.ParamName.Should().Be("moduleType");
    }

    [Fact]
    public void Analyze_RegistryChangedAfterOptionsWereMade_UsesTheRegistryAsItWasAtTheCall()
    {
        using var model = Sequential(("relu", ReLU()));
        var registry = CounterRegistry.CreateDefault();
        var options = new AnalysisOptions { Counters = registry };

        var before = ModelStatistics.Analyze(model, [1, 4], options);
        registry.Remove(typeof(ReLU));
        var after = ModelStatistics.Analyze(model, [1, 4], options);

        before.Rows.Single().Status.Should().Be(LayerStatus.Counted);
        after.Rows.Single().Status.Should().Be(LayerStatus.Unsupported);
        registry.CountedTypes.Should().NotContain(typeof(ReLU));
        CounterRegistry.CreateDefault().CountedTypes.Should().Contain(typeof(ReLU)).And.Contain(typeof(Conv2d));
    }
}
