using System.Linq;
using FluentAssertions;
using TorchSharp;
using TorchStats.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace TorchStats.Tests.Walk;

public sealed class DeviceTests
{
    [Fact]
    public void Analyze_CpuModel_RunsOnCpu()
    {
        using var model = new ZooNet();

        ModelStatistics.Analyze(model, [1, 3, 20, 24]).Device.Should().Be("cpu");
    }

    [CudaFact]
    public void Analyze_ModelOnCuda_RunsOnCudaWithTheSameNumbers()
    {
        using var model = new ZooNet();
        var onCpu = ModelStatistics.Analyze(model, [2, 3, 20, 24]);
        model.to(CUDA);

        var onCuda = ModelStatistics.Analyze(model, [2, 3, 20, 24]);

        onCuda.Device.Should().StartWith("cuda");
        onCuda.Rows.Select(r => r with { Duration = default }).Should().Equal(onCpu.Rows.Select(r => r with { Duration = default }));
        model.parameters().Should().OnlyContain(p => p.device_type == DeviceType.CUDA);
    }

    [Fact]
    public void Analyze_Float64Model_UsesEightBytesPerElement()
    {
        using var model = TorchSharp.torch.nn.Sequential(("fc", TorchSharp.torch.nn.Linear(8, 5)));
        model.to(ScalarType.Float64);

        var row = ModelStatistics.Analyze(model, [3, 8], new AnalysisOptions { InputType = ScalarType.Float64 }).Rows.Single();

        row.MemoryReadBytes.Should().Be(159 * 8);
        row.MemoryMB.Should().Be((float)(5 * 8 / 1048576.0));
    }
}
