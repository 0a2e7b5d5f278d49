using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using TorchSharp;

namespace TorchStats;

/// <summary>
/// Refuses a disposed model, or one with a disposed module, before the walk touches it. TorchSharp has no
/// <c>IsDisposed</c>. A disposed module either refuses its native handle (an <see cref="ObjectDisposedException"/> that
/// names only an internal handle type), or — TorchSharp's layers that keep their parameters in managed code, such as
/// <c>Conv2d</c> and <c>Linear</c> — still answers but holds disposed tensors, which would fail deep inside the forward
/// pass and which <c>named_parameters()</c> silently skips.
/// </summary>
internal static class DisposedModules
{
    private static readonly Assembly TorchSharpAssembly = typeof(torch).Assembly;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> TensorProperties = new();

    public static void ThrowIfDisposed(torch.nn.Module model)
    {
        if (IsDisposed(model))
        {
            throw new ObjectDisposedException(model.GetType().Name, $"Cannot analyse {model.GetType().Name}: the model has been disposed.");
        }
    }

    public static void ThrowIfAnyDisposed(torch.nn.Module model, ModuleTree tree)
    {
        foreach (var node in tree.Nodes)
        {
            if (IsDisposed(node.Module))
            {
                var what = node.Name.Length == 0 ? "the model" : $"its module '{node.Name}' ({node.Module.GetType().Name})";
                throw new ObjectDisposedException(node.Module.GetType().Name, $"Cannot analyse {model.GetType().Name}: {what} has been disposed.");
            }
        }
    }

    private static bool IsDisposed(torch.nn.Module module)
    {
        try
        {
            _ = module.training;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }

        return HoldsDisposedTensor(module);
    }

    // Only TorchSharp's own layers, whose tensor properties are plain field reads; a user's property could compute.
    private static bool HoldsDisposedTensor(torch.nn.Module module)
    {
        if (module.GetType().Assembly != TorchSharpAssembly)
        {
            return false;
        }

        foreach (var property in TensorProperties.GetOrAdd(module.GetType(), FindTensorProperties))
        {
            try
            {
                if (property.GetValue(module) is torch.Tensor { IsInvalid: true })
                {
                    return true;
                }
            }
            catch (TargetInvocationException)
            {
                // A property that cannot be read says nothing either way.
            }
        }

        return false;
    }

    private static PropertyInfo[] FindTensorProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(torch.Tensor).IsAssignableFrom(p.PropertyType) && p.CanRead && p.GetIndexParameters().Length == 0)
            .ToArray();
}
