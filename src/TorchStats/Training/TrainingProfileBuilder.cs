using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchStats;

/// <summary>Turns the training walk's calls into per-leaf rows, the kept tensors (each storage once) and each call's gradient sizes.</summary>
internal static class TrainingProfileBuilder
{
    public static TrainingProfile Build(
        nn.Module model, ModuleTree tree, TrainingObservations observations, CounterRegistry counters, long[] inputShape, string inputType, Device device,
        TrainingCostOptions options)
    {
        var walkBatch = inputShape[0];
        var onCuda = device.type == DeviceType.CUDA;
        var parameters = model.named_parameters().Select(p => (p.name, Elements: p.parameter.numel(), Bytes: p.parameter.numel() * p.parameter.ElementSize)).ToArray();
        bool Trained(string name) => observations.Trainable.TryGetValue(name, out var trained) && trained;

        var batchStorage = observations.Batch;
        var rows = tree.Leaves.Select((leaf, i) => new LeafSums(leaf, i)).ToArray();
        var keptOnce = new HashSet<IntPtr>();
        var kept = new List<KeptEntry>();
        var calls = new List<CallTensors>(observations.Calls.Count);
        var notModelled = new List<string>();

        for (var k = 0; k < observations.Calls.Count; k++)
        {
            var call = observations.Calls[k];
            var leaf = tree.Leaves[call.Leaf];
            var sums = rows[call.Leaf];
            var own = leaf.Module.named_parameters(recurse: false).Select(p => (Name: Qualified(leaf.Name, p.name), Local: p.name, Elements: p.parameter.numel())).ToArray();
            var anyTrained = own.Any(p => Trained(p.Name));
            var weight = own.FirstOrDefault(p => p.Local == "weight");
            var weightTrained = weight.Name is null ? anyTrained : Trained(weight.Name);
            var flows = call.InputNeedsGradient || anyTrained;
            sums.TrainableParameters = own.Where(p => Trained(p.Name)).Sum(p => p.Elements);

            sums.Calls++;
            sums.InputNeedsGradient |= call.InputNeedsGradient;
            var macs = ForwardMacs(leaf.Module, call, counters) / walkBatch;
            sums.ForwardMacs += macs;
            sums.GradInputMacs += call.InputNeedsGradient ? macs : 0;
            sums.GradWeightMacs += weightTrained ? macs : 0;

            var forward = ForwardTransient(call, batchStorage, keptOnce, walkBatch);
            var keptHere = Affine.Zero;
            if (flows)
            {
                var rule = KeptTensorRules.Resolve(leaf.Module.GetType());
                if (rule is null)
                {
                    sums.NotModelled = true;
                    if (!notModelled.Contains(leaf.Module.GetType().Name))
                    {
                        notModelled.Add(leaf.Module.GetType().Name);
                    }
                }
                else
                {
                    sums.Flows = true;
                    foreach (var tensor in rule(leaf.Module, call, weightTrained, onCuda))
                    {
                        if (Keep(tensor, call, walkBatch, batchStorage, keptOnce) is { } bytes)
                        {
                            kept.Add(new KeptEntry(k, bytes));
                            keptHere += bytes;
                        }
                    }
                }
            }

            sums.KeptBytes += keptHere;
            calls.Add(new CallTensors(
                Affine.PerImageOf(call.OutputNeedsGradient ? Bytes(call.OutputShape, call.OutputElementSize) : 0, walkBatch),
                Affine.PerImageOf(call.InputNeedsGradient ? Bytes(call.InputShape, call.InputElementSize) : 0, walkBatch),
                forward));
        }

        return new TrainingProfile
        {
            ModelName = model.GetType().Name,
            InputShape = inputShape,
            InputType = inputType,
            Device = device.ToString(),
            Optimizer = options.Optimizer,
            Process = options.Process,
            Trainable = options.Trainable.Description,
            ModelParameters = parameters.Sum(p => p.Elements),
            TrainableParameters = parameters.Where(p => Trained(p.name)).Sum(p => p.Elements),
            ParameterBytes = parameters.Sum(p => p.Bytes),
            TrainableBytes = parameters.Where(p => Trained(p.name)).Sum(p => p.Bytes),
            BatchBytes = Affine.PerImageOf(observations.BatchBytes, walkBatch),
            Rows = rows.Select(r => r.ToProfile(observations.Leaves)).ToArray(),
            Kept = kept,
            Calls = calls,
            NotModelledTypes = notModelled,
        };
    }

    /// <summary>
    /// The bytes of one kept tensor, or null when it is already counted: a storage kept by an earlier call, or the batch
    /// itself. A new storage counts whole (a view keeps its base alive).
    /// </summary>
    private static Affine? Keep(KeptTensor tensor, TrainingCall call, long walkBatch, StorageRef? batch, HashSet<IntPtr> keptOnce)
    {
        if (tensor.Source == KeptSource.Own)
        {
            return tensor.PerSample ? Affine.PerImageOf(tensor.Bytes, walkBatch) : new Affine(tensor.Bytes, 0);
        }

        var (storage, shape, elementSize) = tensor.Source == KeptSource.Input
            ? (call.Input, call.InputShape, call.InputElementSize)
            : (call.Output, call.OutputShape, call.OutputElementSize);
        if (storage is not { } s)
        {
            return Affine.PerImageOf(Bytes(shape, elementSize), walkBatch);
        }

        return (batch is { } b && b.Address == s.Address) || !keptOnce.Add(s.Address) ? null : Affine.PerImageOf(s.Bytes, walkBatch);
    }

    /// <summary>
    /// The call's input and output in the forward, where no earlier call keeps them: the input unless it is the batch,
    /// the output unless it is the input (in place). Whole storages, as for kept tensors.
    /// </summary>
    private static Affine ForwardTransient(TrainingCall call, StorageRef? batch, HashSet<IntPtr> keptBefore, long walkBatch)
    {
        bool Counted(StorageRef? storage) => storage is { } s && ((batch is { } b && b.Address == s.Address) || keptBefore.Contains(s.Address));
        var input = Counted(call.Input) ? 0 : call.Input?.Bytes ?? Bytes(call.InputShape, call.InputElementSize);
        var inPlace = call.Output is { } o && call.Input is { } i && o.Address == i.Address;
        var output = inPlace || Counted(call.Output) ? 0 : call.Output?.Bytes ?? Bytes(call.OutputShape, call.OutputElementSize);
        return Affine.PerImageOf(input + output, walkBatch);
    }

    private static long ForwardMacs(nn.Module module, TrainingCall call, CounterRegistry counters)
    {
        var (found, counter) = counters.Resolve(module.GetType());
        if (!found || counter is null)
        {
            return 0;
        }

        try
        {
            return counter(module, new LayerCall(call.InputShape, call.OutputShape, call.InputElementSize)).Macs;
        }
        catch (NotSupportedException)
        {
            return 0;
        }
    }

    private static long Bytes(IReadOnlyList<long> shape, long elementSize) => checked(KeptTensorRules.Elements(shape) * elementSize);

    private static string Qualified(string leafName, string parameter) => leafName.Length == 0 ? parameter : $"{leafName}.{parameter}";

    /// <summary>One leaf's sums over its calls.</summary>
    private sealed class LeafSums(ModuleNode leaf, int index)
    {
        public int Calls { get; set; }

        public bool InputNeedsGradient { get; set; }

        public bool Flows { get; set; }

        public bool NotModelled { get; set; }

        public long TrainableParameters { get; set; }

        public long ForwardMacs { get; set; }

        public long GradInputMacs { get; set; }

        public long GradWeightMacs { get; set; }

        public Affine KeptBytes { get; set; }

        public RowProfile ToProfile(LeafObservations leaves)
        {
            var (status, note) = !leaves.Observable[index] ? (TrainingLayerStatus.NotObservable, "Its forward does not take and return one tensor, so its calls cannot be observed.")
                : Calls == 0 ? (TrainingLayerStatus.NeverCalled, null)
                : NotModelled ? (TrainingLayerStatus.NotModelled, $"What {leaf.Module.GetType().Name} keeps for backward is not modelled: counted as nothing.")
                : Flows ? (TrainingLayerStatus.Counted, (string?)null)
                : (TrainingLayerStatus.NoGradient, null);
            return new RowProfile(leaf.Name, leaf.Module.GetType().Name, status, Calls, InputNeedsGradient, TrainableParameters, ForwardMacs, GradInputMacs, GradWeightMacs, KeptBytes, note);
        }
    }
}
