using System;
using System.IO;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// An output file would replace a file the classifier was read from (its weights, its card, its checkpoint): nothing
/// is written. The message names the file; <see cref="OutputPath"/> says the same to a program.
/// </summary>
public sealed class SourceOverwriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SourceOverwriteException()
    {
        OutputPath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public SourceOverwriteException(string message)
        : base(message)
    {
        OutputPath = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SourceOverwriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        OutputPath = string.Empty;
    }

    /// <summary>Creates the exception for an output path that names a source file.</summary>
    /// <param name="outputPath">The full path of the output that was refused.</param>
    /// <param name="what">What the file is to the classifier, e.g. "the weights file the model was read from".</param>
    public SourceOverwriteException(string outputPath, string what)
        : base($"'{outputPath}' is {what}; write to another file (nothing was written).")
    {
        OutputPath = outputPath;
    }

    /// <summary>The full path of the refused output file.</summary>
    public string OutputPath { get; }
}
