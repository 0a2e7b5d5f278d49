using System.Collections.Generic;
using static TorchSharp.torch;

namespace ShuffleNet.Torch;

/// <summary>
/// A checkpoint file read into memory: its tensors on the CPU under the file's own key names, in file order, and the
/// module versions of PyTorch's state_dict metadata when the file carries them. The tensors belong to the dispose
/// scope that was open when the file was read.
/// </summary>
internal sealed record Checkpoint(
    string Path,
    WeightsFormat Format,
    IReadOnlyList<KeyValuePair<string, Tensor>> Entries,
    IReadOnlyDictionary<string, long> ModuleVersions);
