using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchStats.Tests.Support;

/// <summary>
/// The eight TorchVision 0.107 models of tools/make_torchvision_stat_fixtures.py, at the same input sizes, built
/// without weight initialization: on the meta device (no storage, initializers do nothing), then given zero-filled CPU
/// tensors of the same shapes and types. Random initialization is most of the cost of building these models here
/// (vgg11's 133M parameters take about 10 s of random numbers on 2 cores), and the statistics depend only on shapes and
/// settings, never on values (checked by <c>TorchVisionTests.Analyze_ModelBuiltWithoutInitialization_GivesTheSameReportAsABuiltOne</c>).
/// TorchSharp's default device is process-wide, so callers run in <see cref="SharedDefaultDevice"/>.
/// </summary>
internal static class TorchVisionModels
{
    public static readonly IReadOnlyDictionary<string, (Func<nn.Module<Tensor, Tensor>> Build, long[] InputShape)> All =
        new Dictionary<string, (Func<nn.Module<Tensor, Tensor>>, long[])>
        {
            ["resnet18"] = (() => torchvision.models.resnet18(), [1, 3, 64, 64]),
            ["resnet50"] = (() => torchvision.models.resnet50(), [1, 3, 64, 64]),
            ["mobilenet_v2"] = (() => torchvision.models.mobilenet_v2(), [1, 3, 64, 64]),
            ["mobilenet_v3_small"] = (() => torchvision.models.mobilenet_v3_small(), [1, 3, 64, 64]),
            ["vgg11"] = (() => torchvision.models.vgg11(), [1, 3, 64, 64]),
            ["alexnet"] = (() => torchvision.models.alexnet(), [1, 3, 64, 64]),
            ["googlenet"] = (() => torchvision.models.googlenet(), [1, 3, 64, 64]),
            ["inception_v3"] = (() => torchvision.models.inception_v3(), [1, 3, 75, 75]),
        };

    public static IEnumerable<object[]> Names() => All.Keys.Select(name => new object[] { name });

    public static nn.Module<Tensor, Tensor> BuildWithoutInitialization(string name)
    {
        nn.Module<Tensor, Tensor> model;
        var previous = get_default_device();
        set_default_device(META);
        try
        {
            model = All[name].Build();
        }
        finally
        {
            set_default_device(previous);
        }

        foreach (var module in model.modules().Prepend(model))
        {
            GiveCpuStorage(module);
        }

        var left = model.parameters().Concat(model.buffers()).Count(t => t.device_type == DeviceType.META);
        if (left > 0)
        {
            throw new InvalidOperationException($"{name}: {left} parameters or buffers are still on the meta device.");
        }

        return model;
    }

    /// <summary>TorchSharp's layers expose their parameters and buffers as settable properties; each meta tensor gets a CPU twin of zeros.</summary>
    private static void GiveCpuStorage(nn.Module module)
    {
        var properties = module.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(Tensor).IsAssignableFrom(p.PropertyType) && p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0);
        foreach (var property in properties)
        {
            if (property.GetValue(module) is Tensor { device_type: DeviceType.META } tensor)
            {
                var storage = zeros(tensor.shape, tensor.dtype, CPU);
                property.SetValue(module, tensor is Parameter ? new Parameter(storage, tensor.requires_grad) : storage);
            }
        }
    }
}

/// <summary>Tests that change TorchSharp's process-wide default device run alone, after the parallel ones.</summary>
[Xunit.CollectionDefinition(nameof(SharedDefaultDevice), DisableParallelization = true)]
public sealed class SharedDefaultDevice
{
}
