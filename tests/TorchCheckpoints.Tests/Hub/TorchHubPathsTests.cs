using System;
using System.Collections.Generic;
using System.IO;
using FluentAssertions;
using TorchCheckpoints.Hub;
using Xunit;

namespace TorchCheckpoints.Tests.Hub;

public sealed class TorchHubPathsTests
{
    private const string Home = "/home/someone";

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var table = new Dictionary<string, string>();
        foreach (var (name, value) in variables)
        {
            table[name] = value;
        }

        return name => table.GetValueOrDefault(name);
    }

    [Fact]
    public void TorchHome_NoVariables_IsDotCacheTorchInTheHomeFolder()
    {
        TorchHubPaths.TorchHome(Environment(), Home).Should().Be(Path.Combine(Home, ".cache", "torch"));
    }

    [Fact]
    public void TorchHome_XdgCacheHomeSet_IsXdgCacheHomeSlashTorch()
    {
        TorchHubPaths.TorchHome(Environment(("XDG_CACHE_HOME", "/var/cache/me")), Home).Should().Be(Path.Combine("/var/cache/me", "torch"));
    }

    [Fact]
    public void TorchHome_TorchHomeSet_WinsOverXdgCacheHome()
    {
        TorchHubPaths.TorchHome(Environment(("TORCH_HOME", "/data/torch"), ("XDG_CACHE_HOME", "/var/cache/me")), Home).Should().Be("/data/torch");
    }

    [Theory]
    [InlineData("~", "")]
    [InlineData("~/torch", "torch")]
    public void TorchHome_TorchHomeWithTilde_ExpandsTheHomeFolder(string value, string underHome)
    {
        TorchHubPaths.TorchHome(Environment(("TORCH_HOME", value)), Home).Should().Be(Path.Combine(Home, underHome));
    }

    [Fact]
    public void TorchHome_RelativeTorchHome_StaysRelative()
    {
        TorchHubPaths.TorchHome(Environment(("TORCH_HOME", "relative/torch")), Home).Should().Be("relative/torch");
    }

    [Fact]
    public void TorchHome_XdgCacheHomeWithTilde_ExpandsTheHomeFolder()
    {
        TorchHubPaths.TorchHome(Environment(("XDG_CACHE_HOME", "~/cache")), Home).Should().Be(Path.Combine(Home, "cache", "torch"));
    }

    [Fact]
    public void TorchHome_EmptyVariables_CountAsUnset()
    {
        TorchHubPaths.TorchHome(Environment(("TORCH_HOME", ""), ("XDG_CACHE_HOME", "")), Home).Should().Be(Path.Combine(Home, ".cache", "torch"));
    }

    [Fact]
    public void CheckpointsDirectory_NoOptions_FollowsThisProcesssEnvironment()
    {
        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var expected = Path.GetFullPath(Path.Combine(TorchHubPaths.TorchHome(System.Environment.GetEnvironmentVariable, home), "hub", "checkpoints"));

        TorchHub.CheckpointsDirectory().Should().Be(expected);
    }

    [Fact]
    public void CheckpointsDirectory_TorchHomeOption_IsItsHubCheckpointsFolder()
    {
        TorchHub.CheckpointsDirectory(new CheckpointDownloadOptions { TorchHome = "/data/torch" })
            .Should().Be(Path.GetFullPath("/data/torch/hub/checkpoints"));
    }

    [Fact]
    public void CheckpointsDirectory_CacheDirectoryOption_WinsOverTorchHome()
    {
        TorchHub.CheckpointsDirectory(new CheckpointDownloadOptions { TorchHome = "/data/torch", CacheDirectory = "/data/models" })
            .Should().Be(Path.GetFullPath("/data/models"));
    }

    [Theory]
    [InlineData("https://download.pytorch.org/models/shufflenetv2_x0.5-f707e7126e.pth", "shufflenetv2_x0.5-f707e7126e.pth")]
    [InlineData("https://example.org/a/b/model-0123456789.pth?token=1#part", "model-0123456789.pth")]
    [InlineData("http://127.0.0.1:8080/weights%20v2.pth", "weights%20v2.pth")]
    public void CachedPath_Url_IsTheLastPathSegmentInTheCheckpointsFolder(string url, string fileName)
    {
        var options = new CheckpointDownloadOptions { TorchHome = "/data/torch" };

        TorchHub.CachedPath(new Uri(url), options).Should().Be(Path.Combine(TorchHub.CheckpointsDirectory(options), fileName));
    }
}
