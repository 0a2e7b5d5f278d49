using System;
using System.IO;

namespace TorchCheckpoints.Hub;

/// <summary>torch.hub's cache location rules (<c>_get_torch_home</c>, <c>get_dir</c>), with the environment passed in.</summary>
internal static class TorchHubPaths
{
    public const string TorchHomeVariable = "TORCH_HOME";
    public const string XdgCacheHomeVariable = "XDG_CACHE_HOME";

    /// <summary>
    /// <c>$TORCH_HOME</c>, else <c>$XDG_CACHE_HOME/torch</c>, else <c>~/.cache/torch</c>, with <c>~</c> expanded.
    /// An empty variable counts as unset (torch.hub would use the current folder).
    /// </summary>
    public static string TorchHome(Func<string, string?> environment, string userHome)
    {
        var torchHome = NonEmpty(environment(TorchHomeVariable));
        if (torchHome is not null)
        {
            return ExpandUser(torchHome, userHome);
        }

        var cacheHome = NonEmpty(environment(XdgCacheHomeVariable)) ?? "~/.cache";
        return ExpandUser(Path.Combine(cacheHome, "torch"), userHome);
    }

    /// <summary><c>&lt;torchHome&gt;/hub/checkpoints</c>: where <c>torch.hub.load_state_dict_from_url</c> keeps its files.</summary>
    public static string CheckpointsDirectory(string torchHome) => Path.Combine(torchHome, "hub", "checkpoints");

    /// <summary>Python's <c>os.path.expanduser</c> for <c>~</c> and <c>~/…</c> (not <c>~user</c>).</summary>
    public static string ExpandUser(string path, string userHome)
    {
        if (path == "~")
        {
            return userHome;
        }

        var separatorFollows = path.Length > 1 && path[0] == '~' && (path[1] == '/' || path[1] == Path.DirectorySeparatorChar);
        return separatorFollows ? Path.Combine(userHome, path[2..]) : path;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
