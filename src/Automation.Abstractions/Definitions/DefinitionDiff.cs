using System.Text.Json;

namespace Automation.Definitions;

/// <summary>
/// A structural diff of two definition documents: root fields added, removed or changed, and steps added, removed or
/// changed (matched by <c>id</c>, field by field). Values are compared as JSON (object key order and whitespace do not
/// matter). Pure code: no I/O.
/// </summary>
public static class DefinitionDiff
{
    /// <summary>Compares <paramref name="from"/> with <paramref name="to"/>.</summary>
    /// <param name="from">The older document.</param>
    /// <param name="to">The newer document.</param>
    /// <returns>What changed; <see cref="DefinitionDiffResult.IsEmpty"/> when nothing did.</returns>
    public static DefinitionDiffResult Compare(JsonElement from, JsonElement to)
    {
        var root = CompareObjects(from, to, "$", skip: "steps");
        var before = Steps(from);
        var after = Steps(to);
        var beforeIds = before.Select(s => s.Id).ToList();
        var afterIds = after.Select(s => s.Id).ToList();
        var added = afterIds.Where(id => !beforeIds.Contains(id, StringComparer.Ordinal)).ToList();
        var removed = beforeIds.Where(id => !afterIds.Contains(id, StringComparer.Ordinal)).ToList();
        var changed = new List<StepChange>();
        foreach (var (id, step) in after)
        {
            if (before.FirstOrDefault(b => b.Id == id) is { Id: not null } old)
            {
                var fields = CompareObjects(old.Step, step, $"$.steps[id={id}]", skip: null);
                if (fields.Count > 0)
                {
                    changed.Add(new StepChange(id, fields));
                }
            }
        }

        var kept = beforeIds.Where(afterIds.Contains).ToList();
        var orderChanged = !kept.SequenceEqual(afterIds.Where(beforeIds.Contains), StringComparer.Ordinal);
        return new DefinitionDiffResult(root, added, removed, changed, orderChanged);
    }

    /// <summary>The steps with a string <c>id</c>, in document order (the first of duplicate ids).</summary>
    private static List<(string Id, JsonElement Step)> Steps(JsonElement document)
    {
        var steps = new List<(string, JsonElement)>();
        if (document.ValueKind == JsonValueKind.Object && document.TryGetProperty("steps", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var step in array.EnumerateArray())
            {
                if (step.ValueKind == JsonValueKind.Object && step.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    && !steps.Exists(s => s.Item1 == id.GetString()))
                {
                    steps.Add((id.GetString()!, step));
                }
            }
        }

        return steps;
    }

    private static List<FieldChange> CompareObjects(JsonElement from, JsonElement to, string path, string? skip)
    {
        var changes = new List<FieldChange>();
        var names = Names(from).Concat(Names(to).Where(n => !Names(from).Contains(n, StringComparer.Ordinal))).Where(n => n != skip);
        foreach (var name in names)
        {
            JsonElement? a = from.ValueKind == JsonValueKind.Object && from.TryGetProperty(name, out var x) ? x.Clone() : null;
            JsonElement? b = to.ValueKind == JsonValueKind.Object && to.TryGetProperty(name, out var y) ? y.Clone() : null;
            if (a is { } left && b is { } right && JsonElement.DeepEquals(left, right))
            {
                continue;
            }

            changes.Add(new FieldChange($"{path}.{name}", a, b));
        }

        return changes;
    }

    private static List<string> Names(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? [.. element.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal)] : [];
}

/// <summary>What changed between two definition documents.</summary>
/// <param name="Root">Root fields (every field but <c>steps</c>) added, removed or changed.</param>
/// <param name="StepsAdded">Ids of steps only in the newer document, in its order.</param>
/// <param name="StepsRemoved">Ids of steps only in the older document, in its order.</param>
/// <param name="StepsChanged">Steps in both whose fields differ.</param>
/// <param name="StepOrderChanged">Whether the steps in both appear in a different order.</param>
public sealed record DefinitionDiffResult(
    IReadOnlyList<FieldChange> Root,
    IReadOnlyList<string> StepsAdded,
    IReadOnlyList<string> StepsRemoved,
    IReadOnlyList<StepChange> StepsChanged,
    bool StepOrderChanged)
{
    /// <summary>Whether the documents are the same as JSON.</summary>
    public bool IsEmpty => Root.Count == 0 && StepsAdded.Count == 0 && StepsRemoved.Count == 0 && StepsChanged.Count == 0 && !StepOrderChanged;
}

/// <summary>One field that differs.</summary>
/// <param name="Path">Its path: <c>$.timeout</c>, or <c>$.steps[id=charge].with</c> inside a step.</param>
/// <param name="Before">The older value; <see langword="null"/> when the field was added.</param>
/// <param name="After">The newer value; <see langword="null"/> when the field was removed.</param>
public sealed record FieldChange(string Path, JsonElement? Before, JsonElement? After);

/// <summary>A step whose fields differ.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Changes">The fields that differ.</param>
public sealed record StepChange(string Id, IReadOnlyList<FieldChange> Changes);
