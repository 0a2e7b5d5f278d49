using System.Collections;
using System.Linq;
using System.Reflection;
using TorchSharp;

namespace TorchStats.Tests.Support;

/// <summary>Counts the hooks registered on a module by reading TorchSharp's hook dictionaries (protected fields of HookableModule).</summary>
internal static class Hooks
{
    private static readonly string[] Fields = ["pre_hooks", "post_hooks", "module_pre_hooks", "module_post_hooks"];

    public static int Count(torch.nn.Module module)
    {
        var total = 0;
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var name in Fields)
            {
                if (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is { } field)
                {
                    total += ((ICollection)field.GetValue(module)!).Count;
                }
            }
        }

        return total;
    }

    public static int CountInTree(torch.nn.Module model) => Count(model) + model.modules().Sum(Count);
}
