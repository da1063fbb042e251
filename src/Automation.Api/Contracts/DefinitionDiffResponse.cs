using System.Text.Json;
using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>What changed from one version of a definition to another: a structural JSON diff.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="From">The older version (as asked: the first in the URL).</param>
/// <param name="To">The newer version (the second in the URL).</param>
/// <param name="Identical">Whether the two documents are the same JSON.</param>
/// <param name="Root">Root fields (all but <c>steps</c>) added, removed or changed.</param>
/// <param name="StepsAdded">Ids of steps only in <paramref name="To"/>.</param>
/// <param name="StepsRemoved">Ids of steps only in <paramref name="From"/>.</param>
/// <param name="StepsChanged">Steps in both whose fields differ.</param>
/// <param name="StepOrderChanged">Whether the steps in both are in another order.</param>
public sealed record DefinitionDiffResponse(
    string Name,
    int From,
    int To,
    bool Identical,
    IReadOnlyList<FieldChangeResponse> Root,
    IReadOnlyList<string> StepsAdded,
    IReadOnlyList<string> StepsRemoved,
    IReadOnlyList<StepChangeResponse> StepsChanged,
    bool StepOrderChanged)
{
    /// <summary>Maps the diff.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="from">The older version.</param>
    /// <param name="to">The newer version.</param>
    /// <param name="diff">The diff.</param>
    /// <returns>The response.</returns>
    public static DefinitionDiffResponse Create(string name, int from, int to, DefinitionDiffResult diff) => new(
        name, from, to, diff.IsEmpty,
        [.. diff.Root.Select(FieldChangeResponse.From)],
        diff.StepsAdded, diff.StepsRemoved,
        [.. diff.StepsChanged.Select(s => new StepChangeResponse(s.Id, [.. s.Changes.Select(FieldChangeResponse.From)]))],
        diff.StepOrderChanged);
}

/// <summary>One field that differs.</summary>
/// <param name="Path">Its path: <c>$.timeout</c>, or <c>$.steps[id=charge].with</c> inside a step.</param>
/// <param name="Before">The older value; null when the field was added.</param>
/// <param name="After">The newer value; null when the field was removed.</param>
public sealed record FieldChangeResponse(string Path, JsonElement? Before, JsonElement? After)
{
    /// <summary>Maps a field change.</summary>
    /// <param name="c">The change.</param>
    /// <returns>The response.</returns>
    public static FieldChangeResponse From(FieldChange c) => new(c.Path, c.Before, c.After);
}

/// <summary>A step whose fields differ.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Changes">The fields that differ.</param>
public sealed record StepChangeResponse(string Id, IReadOnlyList<FieldChangeResponse> Changes);
