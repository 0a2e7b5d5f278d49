using System;
using System.IO;

namespace ShuffleNet.Torch.Classifier;

/// <summary>
/// A model file is not the network the caller asked for: another width or another class count. The message names the
/// file and both values; <see cref="Setting"/>, <see cref="Asked"/> and <see cref="Found"/> say the same to a program.
/// </summary>
public sealed class ModelMismatchException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ModelMismatchException()
    {
        FilePath = Asked = Found = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ModelMismatchException(string message)
        : base(message)
    {
        FilePath = Asked = Found = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = Asked = Found = string.Empty;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="setting">What differs.</param>
    /// <param name="filePath">The file.</param>
    /// <param name="asked">The value asked for, as text ("0.5x", "1000").</param>
    /// <param name="found">What the file holds, as text ("the 1.0x width", "10 classes").</param>
    public ModelMismatchException(ModelSetting setting, string filePath, string asked, string found)
        : base($"'{filePath}' holds {found}, not the {asked} {(setting == ModelSetting.Width ? "width" : "classes")} asked for; leave the {(setting == ModelSetting.Width ? "width" : "class count")} out to use the file's.")
    {
        Setting = setting;
        FilePath = filePath;
        Asked = asked;
        Found = found;
    }

    /// <summary>What differs.</summary>
    public ModelSetting Setting { get; }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>The value asked for, as text.</summary>
    public string Asked { get; }

    /// <summary>What the file holds, as text.</summary>
    public string Found { get; }
}
