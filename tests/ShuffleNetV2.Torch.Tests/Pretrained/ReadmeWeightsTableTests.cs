using System;
using System.IO;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using ShuffleNet.Torch.Pretrained;
using Xunit;

namespace ShuffleNet.Torch.Tests.Pretrained;

/// <summary>The README's weights table is the registry's, so it cannot drift from it.</summary>
public sealed class ReadmeWeightsTableTests
{
    private static string ReadmePath => Path.Combine(
        typeof(ReadmeWeightsTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "README.md");

    [Fact]
    public void Readme_WeightsTable_IsTheOneRenderedFromTheRegistry()
    {
        var readme = File.ReadAllText(ReadmePath).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(WeightsTableMarkdown.Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(WeightsTableMarkdown.End, StringComparison.Ordinal);
        begin.Should().BeGreaterThan(-1, $"README.md has the line {WeightsTableMarkdown.Begin}");
        end.Should().BeGreaterThan(begin, $"README.md has the line {WeightsTableMarkdown.End} after the table");

        var table = readme[(begin + WeightsTableMarkdown.Begin.Length)..end].Trim('\n');
        var expected = WeightsTableMarkdown.Render(ShuffleNetV2Weights.All);

        table.Should().Be(expected, $"README.md's weights table is generated; put this between the markers:\n{expected}\n");
    }

    [Fact]
    public void Render_Registry_HasOneRowPerEntryWithItsTransformSizes()
    {
        var rows = WeightsTableMarkdown.Render(ShuffleNetV2Weights.All).Split('\n').Skip(2).Take(ShuffleNetV2Weights.All.Count).ToList();

        rows.Should().HaveCount(4);
        rows[0].Should().StartWith("| 0.5× | `X0_5_ImageNet1K_V1` | `ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1` | [`shufflenetv2_x0.5-f707e7126e.pth`](https://download.pytorch.org/models/shufflenetv2_x0.5-f707e7126e.pth) |");
        rows[0].Should().EndWith("| 1,366,792 | 0.04 | 5.282 | 60.552 | 81.746 | 256 | 224 |");
        rows[3].Should().EndWith("| 7,393,996 | 0.583 | 28.433 | 76.23 | 93.006 | 232 | 224 |");
    }
}
