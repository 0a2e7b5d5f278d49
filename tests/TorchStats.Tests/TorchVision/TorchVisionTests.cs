using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using FluentAssertions;
using FluentAssertions.Execution;
using TorchStats.Tests.Support;
using Xunit;

namespace TorchStats.Tests.TorchVision;

/// <summary>
/// TorchVision 0.107's models against torchstat's rules applied to torchvision 0.14's versions of the same models
/// (Fixtures/torchvision, made by tools/make_torchvision_stat_fixtures.py), with the default counters: no layer is
/// unsupported, and every row both sides have equals the fixture, in the torchstat columns wherever torchstat counts
/// the layer. The two libraries build some models differently (docs/statistics.md, "TorchVision's models"); those rows
/// are named below, so that nothing else can differ unnoticed.
/// </summary>
[Collection(nameof(SharedDefaultDevice))]
public sealed class TorchVisionTests
{
    private static readonly ConcurrentDictionary<string, Lazy<StatisticsReport>> Reports = new();

    /// <summary>Rows only TorchSharp's model has, and rows only torchvision's has, per model (null: none).</summary>
    private static readonly Dictionary<string, (string? OursOnly, string? FixtureOnly)> OneSided = new()
    {
        // torchvision reuses one ReLU per block (`relu`, called 2 or 3 times) and calls torch.flatten; TorchSharp
        // has a ReLU module per call (`relu1`, `relu2`; its last ReLU is functional) and a Flatten module.
        ["resnet18"] = (@"^(layer\d\.\d\.relu1|flatten)$", @"^layer\d\.\d\.relu$"),
        ["resnet50"] = (@"^(layer\d\.\d\.relu[12]|flatten)$", @"^layer\d\.\d\.relu$"),
        // torchvision's BasicConv2d calls F.relu; TorchSharp's has a ReLU module.
        ["googlenet"] = (@"\.relu$", null),
        // The same, and TorchSharp always builds AuxLogits (never called in eval); torchvision's here is built without.
        ["inception_v3"] = (@"(\.relu$|^AuxLogits\.)", null),
    };

    public static IEnumerable<object[]> Models() => TorchVisionModels.Names();

    [Theory]
    [MemberData(nameof(Models))]
    public void Analyze_TorchVisionModel_HasNoUnsupportedLayerAndOnlyTheAuxiliaryClassifierUncalled(string model)
    {
        var report = Report(model);

        report.UnsupportedTypes.Should().BeEmpty();
        report.Rows.Should().NotContain(r => r.Status == LayerStatus.Unsupported);
        var auxiliary = report.Rows.Where(r => r.Name.StartsWith("AuxLogits.", StringComparison.Ordinal)).Select(r => r.Name).ToArray();
        auxiliary.Should().HaveCount(model == "inception_v3" ? 7 : 0);
        report.NeverCalled.Select(r => r.Name).Should().Equal(auxiliary);
        report.Rows.Where(r => r.Status != LayerStatus.NeverCalled).Should().OnlyContain(r => r.Calls == 1);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Analyze_TorchVisionModel_EveryCommonRowEqualsTorchstatsRulesOnTorchvision(string model)
    {
        var report = Report(model);
        var fixture = TorchVisionFixtureRow.Read(model);
        var ours = report.Rows.ToDictionary(r => r.Name);
        var theirs = fixture.ToDictionary(r => r.Name);
        var (oursOnly, fixtureOnly) = OneSided.GetValueOrDefault(model);

        using var scope = new AssertionScope();
        ours.Keys.Except(theirs.Keys).Where(name => oursOnly is null || !Regex.IsMatch(name, oursOnly)).Should().BeEmpty("only the rows named above are TorchSharp's alone");
        theirs.Keys.Except(ours.Keys).Where(name => fixtureOnly is null || !Regex.IsMatch(name, fixtureOnly)).Should().BeEmpty("only the rows named above are torchvision's alone");
        var common = fixture.Where(f => ours.ContainsKey(f.Name)).ToArray();
        common.Length.Should().BeGreaterThan(fixture.Count / 2);
        foreach (var expected in common)
        {
            var actual = ours[expected.Name];
            var because = $"{model} {expected.Name}";
            actual.TypeName.Should().Be(SameLayerInTorchSharp(model, expected), because);
            string.Join(' ', actual.InputShape.Skip(1)).Should().Be(expected.InputShape, because);
            string.Join(' ', actual.OutputShape.Skip(1)).Should().Be(expected.OutputShape, because);
            actual.Parameters.Should().Be(expected.Params, because);
            actual.MemoryMB.Should().Be(expected.Memory, because);
            actual.Macs.Should().Be(expected.Macs, because);
            actual.Calls.Should().Be(expected.Calls, because);
            if (expected.Counted)
            {
                actual.Status.Should().Be(LayerStatus.Counted, because);
                (actual.MAdd, actual.Flops, actual.MemoryReadBytes, actual.MemoryWriteBytes)
                    .Should().Be((expected.MAdd, expected.Flops, expected.MemRead, expected.MemWrite), because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Analyze_TorchVisionModel_TotalParamsAndMacsEqualTheFixtures(string model)
    {
        // Parameters and MACs live in convolution, batch norm and linear layers, which both sides build alike.
        var report = Report(model);
        var fixture = TorchVisionFixtureRow.Read(model);

        report.Totals.Parameters.Should().Be(fixture.Sum(r => r.Params));
        report.Totals.Macs.Should().Be(fixture.Sum(r => r.Macs));
    }

    [Fact]
    public void Analyze_ModelBuiltWithoutInitialization_GivesTheSameReportAsABuiltOne()
    {
        var shape = TorchVisionModels.All["mobilenet_v3_small"].InputShape;
        using var built = TorchVisionModels.All["mobilenet_v3_small"].Build();

        var expected = ModelStatistics.Analyze(built, shape).Rows.Select(r => r with { Duration = TimeSpan.Zero });

        Report("mobilenet_v3_small").Rows.Select(r => r with { Duration = TimeSpan.Zero }).Should().Equal(expected);
    }

    /// <summary>The type TorchSharp's model uses for a torchvision module: its squeeze-excitation uses ReLU6 where torchvision uses ReLU.</summary>
    private static string SameLayerInTorchSharp(string model, TorchVisionFixtureRow row) =>
        model == "mobilenet_v3_small" && row.Type == "ReLU" && row.Name.EndsWith(".activation", StringComparison.Ordinal) ? "ReLU6" : row.Type;

    private static StatisticsReport Report(string model) =>
        Reports.GetOrAdd(model, name => new Lazy<StatisticsReport>(() =>
        {
            using var built = TorchVisionModels.BuildWithoutInitialization(name);
            return ModelStatistics.Analyze(built, TorchVisionModels.All[name].InputShape);
        })).Value;
}
