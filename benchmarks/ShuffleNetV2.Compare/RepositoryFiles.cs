using System;
using System.IO;

namespace ShuffleNet.Torch.Compare;

/// <summary>Finds files of this repository (the Python scripts) from the current directory or this program's build output.</summary>
internal static class RepositoryFiles
{
    public static string Find(string relativePath)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ShuffleNetV2.Torch.sln")))
                {
                    var path = Path.Combine(directory.FullName, relativePath);
                    return File.Exists(path) ? path : throw new FileNotFoundException($"'{relativePath}' is missing from the repository at '{directory.FullName}'.", path);
                }
            }
        }

        throw new FileNotFoundException($"Cannot find the repository (a directory with ShuffleNetV2.Torch.sln) above '{Environment.CurrentDirectory}' or '{AppContext.BaseDirectory}' to find '{relativePath}'; pass its path.");
    }
}
