using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary><c>docs/api.md</c> stays navigable and covers every operation the API serves (issue 5: a dead link).</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ApiDocsTests(ApiFixture fixture)
{
    private static readonly string Markdown = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "api.md"));

    [Fact]
    public void InPageLinks_Everyone_PointsAtAHeading()
    {
        var anchors = Markdown.Split('\n').Where(l => l.StartsWith('#')).Select(Slug).ToHashSet();

        var links = InPageLink().Matches(Markdown).Select(m => m.Groups[1].Value).Distinct().ToList();

        links.Should().NotBeEmpty();
        links.Where(l => !anchors.Contains(l)).Should().BeEmpty("every in-page link needs a heading (GitHub slugs)");
    }

    [Fact]
    public void Headings_EveryOperationOfTheDocument_HasASection()
    {
        var paths = JsonDocument.Parse(fixture.OpenApiDocument).RootElement.GetProperty("paths");

        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => $"### `{o.Name.ToUpperInvariant()} {p.Name}`")).ToList();

        operations.Should().HaveCount(13).And.OnlyContain(heading => Markdown.Contains(heading, StringComparison.Ordinal));
    }

    private static string Slug(string heading) =>
        NotSlugCharacter().Replace(heading.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"\]\(#([a-z0-9-]+)\)")]
    private static partial Regex InPageLink();

    [GeneratedRegex("[^a-z0-9 -]")]
    private static partial Regex NotSlugCharacter();
}
