namespace Automation.Engine.Definitions;

/// <summary>Graph checks over a dependency map: step id to the ids it depends on (each of them a known step id).</summary>
internal static class GraphCycles
{
    /// <summary>Returns one cycle as a closed path (<c>a, b, a</c>), or null when the graph is acyclic.</summary>
    public static List<string>? Find(IReadOnlyDictionary<string, List<string>> dependsOn)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var stack = new List<string>();

        List<string>? Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var dep in dependsOn[id])
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

        foreach (var id in dependsOn.Keys)
        {
            if (state.GetValueOrDefault(id) == 0 && Visit(id) is { } cycle)
            {
                // Reported in dependency direction: "a depends on b depends on a" reads as a -> b -> a.
                return cycle;
            }
        }

        return null;
    }

    /// <summary>For each step, the set of its transitive dependencies. Requires an acyclic graph.</summary>
    public static Dictionary<string, HashSet<string>> Ancestors(IReadOnlyDictionary<string, List<string>> dependsOn)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        HashSet<string> Of(string id)
        {
            if (result.TryGetValue(id, out var known))
            {
                return known;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dep in dependsOn[id])
            {
                set.Add(dep);
                set.UnionWith(Of(dep));
            }

            result[id] = set;
            return set;
        }

        foreach (var id in dependsOn.Keys)
        {
            Of(id);
        }

        return result;
    }
}
