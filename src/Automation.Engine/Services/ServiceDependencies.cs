using Automation.Definitions;

namespace Automation.Engine.Services;

/// <summary>Checks a service's <c>dependsOn</c> against the registered services: no self, no unknown name, no duplicate, no cycle.</summary>
public static class ServiceDependencies
{
    /// <summary>Checks the dependencies of <paramref name="name"/>.</summary>
    /// <param name="name">The service being registered.</param>
    /// <param name="dependsOn">Its dependencies.</param>
    /// <param name="graph">Every registered service and its dependencies (the old edges of <paramref name="name"/> are ignored).</param>
    /// <returns>Errors at <c>$.dependsOn[i]</c>; empty when valid.</returns>
    public static IReadOnlyList<ValidationError> Check(string name, IReadOnlyList<string> dependsOn, IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var errors = new List<ValidationError>();
        for (var i = 0; i < dependsOn.Count; i++)
        {
            var dependency = dependsOn[i];
            var path = $"$.dependsOn[{i}]";
            if (dependency == name)
            {
                errors.Add(new ValidationError(path, $"'{name}' cannot depend on itself."));
            }
            else if (dependsOn.Take(i).Contains(dependency, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError(path, $"Duplicate dependency '{dependency}'."));
            }
            else if (!graph.ContainsKey(dependency))
            {
                errors.Add(new ValidationError(path, $"No service named '{dependency}' is registered; register it first."));
            }
            else if (PathTo(dependency, name, graph) is { } cycle)
            {
                errors.Add(new ValidationError(path, $"Depending on '{dependency}' makes a cycle: {name} → {string.Join(" → ", cycle)}."));
            }
        }

        return errors;
    }

    /// <summary>A path from <paramref name="from"/> to <paramref name="to"/> along dependencies (both ends included), or <see langword="null"/>.</summary>
    private static List<string>? PathTo(string from, string to, IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var current))
        {
            if (current == to)
            {
                var path = new List<string>();
                for (string? at = current; at is not null; at = previous[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            // The service being registered has no edges yet as far as the check goes: its new ones are the question.
            if (current != to && graph.TryGetValue(current, out var next))
            {
                foreach (var n in next)
                {
                    if (previous.TryAdd(n, current))
                    {
                        queue.Enqueue(n);
                    }
                }
            }
        }

        return null;
    }
}
