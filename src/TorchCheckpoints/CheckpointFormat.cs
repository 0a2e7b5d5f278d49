namespace TorchCheckpoints;

/// <summary>The state-dict file formats read here; all but <see cref="PyTorchLegacy"/> are also written.</summary>
/// <remarks>A file's format is recognised from its bytes, never from its extension.</remarks>
public enum CheckpointFormat
{
    /// <summary><c>torch.save(state_dict)</c> of PyTorch ≥ 1.6: a zip archive (torchvision's 1.5× and 2.0× ImageNet files). Read and written.</summary>
    PyTorchZip,

    /// <summary><c>torch.save(state_dict)</c> of PyTorch &lt; 1.6 or with <c>_use_new_zipfile_serialization=False</c> (torchvision's 0.5× and 1.0× ImageNet files). Read only.</summary>
    PyTorchLegacy,

    /// <summary>The <c>.safetensors</c> format. Read and written.</summary>
    Safetensors,

    /// <summary>TorchSharp's own format, as <c>Module.save</c> writes and <c>Module.load</c> reads it. Read and written.</summary>
    TorchSharp,
}
