using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TorchImaging;

namespace TorchTraining.Datasets;

/// <summary>
/// Lists a folder tree as torchvision's <c>datasets.ImageFolder</c> does: classes are the subfolder names sorted as
/// Python's <c>sorted()</c> sorts them (ordinal, case-sensitive); each class's files are found recursively, folders in
/// sorted path order and files sorted by name within each (torchvision's <c>sorted(os.walk(...))</c>), keeping the names
/// whose lowercase ends with one of torchvision's IMG_EXTENSIONS.
/// </summary>
internal static class ImageFolderScan
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

    public static string FullRoot(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root);
        return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"Image folder '{full}' does not exist.");
    }

    /// <summary>The classes in label order: <paramref name="known"/> when given (every subfolder must be one of them), else the subfolders sorted.</summary>
    public static string[] FindClasses(string root, IReadOnlyList<string>? known)
    {
        if (known is null)
        {
            return FindClasses(root);
        }

        if (known.Count < 2 || known.Any(string.IsNullOrEmpty) || known.Distinct(StringComparer.Ordinal).Count() != known.Count)
        {
            throw new ArgumentException($"The class list for '{root}' must hold at least two distinct, non-empty names, got [{string.Join(", ", known)}].", nameof(known));
        }

        var unknown = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Where(name => !known.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        return unknown.Length == 0
            ? [.. known]
            : throw new InvalidDataException($"Image folder '{root}' has class folder(s) the model does not know: {string.Join(", ", unknown.Select(c => $"'{c}'"))} (its classes: {string.Join(", ", known)}).");
    }

    public static string[] FindClasses(string root)
    {
        var classes = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();
        return classes.Length switch
        {
            0 => throw new InvalidDataException($"Image folder '{root}' has no class subfolders (one subfolder of images per class)."),
            1 => throw new InvalidDataException($"Image folder '{root}' has a single class subfolder ('{classes[0]}'): classification needs at least two."),
            _ => classes,
        };
    }

    public static List<(string Path, int Label)> FindSamples(string root, string[] classes)
    {
        var samples = new List<(string, int)>();
        for (var label = 0; label < classes.Length; label++)
        {
            var classFolder = Path.Combine(root, classes[label]);
            if (!Directory.Exists(classFolder))
            {
                continue;
            }

            var folders = Directory.GetDirectories(classFolder, "*", SearchOption.AllDirectories).Append(classFolder).Order(StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                {
                    if (IsImageFile(file))
                    {
                        samples.Add((file, label));
                    }
                }
            }
        }

        return samples;
    }

    public static bool IsImageFile(string path)
    {
        var lower = path.ToLowerInvariant();
        return Extensions.Any(e => lower.EndsWith(e, StringComparison.Ordinal));
    }

    /// <summary>Decodes every file (in parallel) and returns the paths of the ones that cannot be read.</summary>
    public static HashSet<string> FindUnreadable(IReadOnlyList<(string Path, int Label)> samples, ColorMode mode)
    {
        var unreadable = new ConcurrentBag<string>();
        Parallel.For(0, samples.Count, i =>
        {
            try
            {
                ImageDecoder.Decode(samples[i].Path, mode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(samples[i].Path);
            }
        });
        return new HashSet<string>(unreadable, StringComparer.Ordinal);
    }

    public static void CheckEveryClassHasFiles(string root, string[] classes, IReadOnlyList<(string Path, int Label)> samples, int skipped, bool missingFoldersAllowed = false)
    {
        if (samples.Count == 0)
        {
            throw new InvalidDataException($"Image folder '{root}' holds no {(skipped > 0 ? "readable " : string.Empty)}image files ({string.Join(" ", Extensions)}) in its class folders.");
        }

        var counts = new int[classes.Length];
        foreach (var (_, label) in samples)
        {
            counts[label]++;
        }

        var empty = classes.Where((name, label) => counts[label] == 0 && !(missingFoldersAllowed && !Directory.Exists(Path.Combine(root, name)))).ToArray();
        if (empty.Length > 0)
        {
            var readable = skipped > 0 ? $"readable ({skipped} unreadable skipped) " : string.Empty;
            throw new InvalidDataException(
                $"Image folder '{root}': class folder(s) {string.Join(", ", empty.Select(c => $"'{c}'"))} hold no {readable}image files ({string.Join(" ", Extensions)}).");
        }
    }
}
