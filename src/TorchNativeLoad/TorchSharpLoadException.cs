using System;

namespace TorchNativeLoad;

/// <summary>TorchSharp's native libraries could not be loaded; the message lists what was tried and what failed.</summary>
public sealed class TorchSharpLoadException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TorchSharpLoadException()
        : base("TorchSharp's native libraries could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was tried and what failed.</param>
    public TorchSharpLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error TorchSharp reported.</summary>
    /// <param name="message">What was tried and what failed.</param>
    /// <param name="innerException">The exception TorchSharp threw.</param>
    public TorchSharpLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
