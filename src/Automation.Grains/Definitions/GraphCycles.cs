using Automation.Definitions;

namespace Automation.Grains.Definitions;

/// <summary>Graph checks over steps whose dependencies are known to exist.</summary>
internal static class GraphCycles
{
    /// <summary>Returns one cycle as a closed path (<c>a, b, a</c>), or null when the graph is acyclic.</summary>
    public static List<string>? Find(IReadOnlyList<StepDefinition> steps)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var stack = new List<string>();

        List<string>? Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var dep in byId[id].DependsOn)
            {
                if (state.GetValueOrDefault(dep) == 1)
                {
                    var start = stack.IndexOf(dep);
                    return [.. stack.Skip(start), dep];
                }

                if (state.GetValueOrDefault(dep) == 0 && Visit(dep) is { } found)
                {
                    return found;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            return null;
        }

        foreach (var step in steps)
        {
            if (state.GetValueOrDefault(step.Id) == 0 && Visit(step.Id) is { } cycle)
            {
                // Report in dependency direction: "a depends on b depends on a" reads as a -> b -> a.
                return cycle;
            }
        }

        return null;
    }

    /// <summary>For each step, the set of its transitive dependencies. Requires an acyclic graph.</summary>
    public static Dictionary<string, HashSet<string>> Ancestors(IReadOnlyList<StepDefinition> steps)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        HashSet<string> Of(string id)
        {
            if (result.TryGetValue(id, out var known))
            {
                return known;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dep in byId[id].DependsOn)
            {
                set.Add(dep);
                set.UnionWith(Of(dep));
            }

            result[id] = set;
            return set;
        }

        foreach (var step in steps)
        {
            Of(step.Id);
        }

        return result;
    }
}
