using System.Collections.Generic;
using TorchSharp;

namespace TorchStats;

/// <summary>
/// The model's modules in PyTorch's <c>named_modules()</c> order: depth-first pre-order by registration, each module once
/// (under its first name), the root first with the empty name. TorchSharp's own <c>named_modules()</c> walks breadth-first,
/// so the order is rebuilt here from <c>named_children()</c>.
/// </summary>
internal sealed class ModuleTree
{
    private ModuleTree(IReadOnlyList<ModuleNode> nodes)
    {
        Nodes = nodes;
        var leaves = new List<ModuleNode>();
        foreach (var node in nodes)
        {
            if (node.IsLeaf)
            {
                leaves.Add(node);
            }
        }

        Leaves = leaves;
    }

    /// <summary>Every module, pre-order; a node's subtree is <c>Nodes[node.Index .. node.SubtreeEnd)</c>.</summary>
    public IReadOnlyList<ModuleNode> Nodes { get; }

    /// <summary>The modules without children (an empty Sequential included), in row order.</summary>
    public IReadOnlyList<ModuleNode> Leaves { get; }

    public static ModuleTree Build(torch.nn.Module root)
    {
        var nodes = new List<ModuleNode>();
        var seen = new HashSet<torch.nn.Module>(ReferenceEqualityComparer.Instance);
        Visit(root, string.Empty, nodes, seen);
        return new ModuleTree(nodes);
    }

    private static void Visit(torch.nn.Module module, string name, List<ModuleNode> nodes, HashSet<torch.nn.Module> seen)
    {
        seen.Add(module);
        var node = new ModuleNode(nodes.Count, name, module);
        nodes.Add(node);
        var hasChildren = false;
        foreach (var (childName, child) in module.named_children())
        {
            hasChildren = true;
            if (seen.Contains(child))
            {
                continue;
            }

            Visit(child, name.Length == 0 ? childName : $"{name}.{childName}", nodes, seen);
        }

        node.IsLeaf = !hasChildren;
        node.SubtreeEnd = nodes.Count;
    }
}

/// <summary>One module of a <see cref="ModuleTree"/>.</summary>
internal sealed class ModuleNode(int index, string name, torch.nn.Module module)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public torch.nn.Module Module { get; } = module;

    public bool IsLeaf { get; set; }

    public int SubtreeEnd { get; set; }
}
