namespace ShuffleNet.Torch;

/// <summary>The width presets of torchvision's ShuffleNetV2 (same stage repeats 4, 8, 4; different channels).</summary>
public enum ShuffleNetV2Width
{
    /// <summary>0.5×: stage channels 24, 48, 96, 192, 1024.</summary>
    X0_5,

    /// <summary>1.0×: stage channels 24, 116, 232, 464, 1024 (the reference model's network).</summary>
    X1_0,

    /// <summary>1.5×: stage channels 24, 176, 352, 704, 1024.</summary>
    X1_5,

    /// <summary>2.0×: stage channels 24, 244, 488, 976, 2048.</summary>
    X2_0,
}
