using System;
using System.IO;

namespace TorchTraining.Datasets;

/// <summary>
/// A data folder holds none of the layouts <see cref="ImageData"/> reads (MNIST-layout IDX files, one subfolder of
/// images per class): the path given is not a data folder, as <see cref="DirectoryNotFoundException"/> says of a path
/// where there is none; data with a damaged or unusable file is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class DataLayoutException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DataLayoutException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the folder holds and what was expected.</param>
    public DataLayoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the folder holds and what was expected.</param>
    /// <param name="innerException">The cause.</param>
    public DataLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
