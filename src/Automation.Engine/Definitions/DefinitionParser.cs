using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Automation.Engine.Steps;
using Automation.Templates;

namespace Automation.Engine.Definitions;

/// <summary>Turns a definition document into a <see cref="WorkflowDefinition"/>, collecting every error with its JSON path.</summary>
public sealed partial class DefinitionParser(StepKindRegistry kinds, TimeSpan? minimumRetention = null)
{
    private static readonly string[] RootProperties = ["name", "description", "defaults", "signals", "steps", "output", "input", "timeout", "retention"];
    private static readonly string[] StepProperties = ["id", "type", "dependsOn", "when", "with", "retry", "timeout", "onTimeout", "priority", "timeouts"];
    private static readonly string[] RetryProperties = ["maxAttempts", "initialInterval", "backoffCoefficient", "maxInterval", "nonRetryableErrors"];
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Most steps a definition may have: validation and scheduling are quadratic in the worst case.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Longest per-attempt timeout and retry interval (timers in .NET are limited to about 49 days).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    /// <summary>Definition names: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    public static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex StepIdPattern();

    /// <summary>Parses and validates; returns null when <paramref name="errors"/> is not empty.</summary>
    public WorkflowDefinition? Parse(string name, int version, JsonElement document, DateTimeOffset createdAt, List<ValidationError> errors)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("$", $"A definition must be a JSON object, not {JsonChecks.Describe(document)}."));
            return null;
        }

        JsonChecks.RejectUnknown(document, "$", errors, RootProperties);
        var declaredName = JsonChecks.OptionalString(document, "name", "$", errors);
        if (declaredName is not null && declaredName != name)
        {
            errors.Add(new ValidationError("$.name", $"'{declaredName}' does not match the name in the URL, '{name}'."));
        }

        if (!NamePattern().IsMatch(name))
        {
            errors.Add(new ValidationError("$.name", $"'{name}' is not a valid name: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters."));
        }

        var description = JsonChecks.OptionalString(document, "description", "$", errors);
        if (description?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors.Add(new ValidationError("$.description", "Must not contain the NUL character (\\u0000)."));
        }

        InputSchema.Validate(document, errors);
        var (defaultRetry, defaultTimeout) = ParseDefaults(document, errors);
        TimeSpan? workflowTimeout = document.TryGetProperty("timeout", out var wt) && wt.ValueKind != JsonValueKind.Null
            ? ParseTimeout(document, "$", TimeSpan.Zero, errors)
            : null;
        var retention = ParseRetention(document, errors);
        var steps = ParseSteps(document, defaultRetry, defaultTimeout, errors);
        var signals = ParseSignals(document, steps, errors);
        JsonElement? output = null;
        if (document.TryGetProperty("output", out var o) && o.ValueKind != JsonValueKind.Null)
        {
            JsonTemplate.Validate(o, "$.output", errors);
            output = o.Clone();
        }

        if (steps.Count > 0)
        {
            CheckGraph(steps, errors);
            CheckRoutes(steps, errors);
            if (output is { } o2)
            {
                var known = steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var missing in JsonTemplate.ReferencedSteps(o2).Where(r => !known.Contains(r)).Order(StringComparer.Ordinal))
                {
                    errors.Add(new ValidationError("$.output", $"The output reads steps.{missing}, which does not exist."));
                }
            }
        }

        var subflows = ParseSubflows(name, version, steps, defaultRetry, defaultTimeout, createdAt, errors, "$.steps");
        Deduplicate(errors);
        return errors.Count == 0
            ? new WorkflowDefinition(name, version, description, steps, output, document.Clone(), createdAt, signals, workflowTimeout) { Subflows = subflows, Retention = retention }
            : null;
    }

    /// <summary>Most levels of steps inside steps.</summary>
    public const int MaxSubflowDepth = 4;

    /// <summary>
    /// Parses the steps written inside steps (<c>foreach</c> steps, <c>parallel</c> branches) like a definition's own:
    /// same step rules, their own dependency graph, the definition's defaults; templates read the child's
    /// <c>input</c> and sibling steps.
    /// </summary>
    private Dictionary<string, WorkflowDefinition> ParseSubflows(
        string name, int version, List<StepDefinition> steps, RetryPolicy defaultRetry, TimeSpan defaultTimeout, DateTimeOffset createdAt, List<ValidationError> errors, string arrayPath, int depth = 1)
    {
        var subflows = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (kinds.Find(steps[i].Type) is not IChildStepKind kind || steps[i].With.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var inline in kind.Subflows(steps[i].Id, steps[i].With, $"{arrayPath}[{i}].with"))
            {
                if (depth > MaxSubflowDepth)
                {
                    errors.Add(new ValidationError(inline.Path, $"Steps nest too deep: at most {MaxSubflowDepth} levels of steps inside steps."));
                    continue;
                }

                var inner = ParseStepArray(inline.Steps, inline.Path, defaultRetry, defaultTimeout, errors);
                if (inner.Count > 0)
                {
                    CheckGraph(inner, errors, inline.Path);
                    CheckRoutes(inner, errors, inline.Path);
                }

                if (inline.Output is { } output && inner.Count > 0)
                {
                    var known = inner.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                    foreach (var missing in JsonTemplate.ReferencedSteps(output).Where(r => !known.Contains(r)).Order(StringComparer.Ordinal))
                    {
                        errors.Add(new ValidationError(inline.OutputPath ?? inline.Path, $"The output reads steps.{missing}, which is not among these steps."));
                    }
                }

                var nested = ParseSubflows(name, version, inner, defaultRetry, defaultTimeout, createdAt, errors, inline.Path, depth + 1);
                // Its document is an object like a definition's, so what reads a definition's document (the input schema) reads this one too.
                var document = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement?> { ["steps"] = inline.Steps, ["output"] = inline.Output });
                subflows[inline.Key] = new WorkflowDefinition(name, version, null, inner, inline.Output?.Clone(), document, createdAt) { Subflows = nested };
            }
        }

        return subflows;
    }

    private static (RetryPolicy Retry, TimeSpan Timeout) ParseDefaults(JsonElement document, List<ValidationError> errors)
    {
        if (!document.TryGetProperty("defaults", out var defaults) || defaults.ValueKind == JsonValueKind.Null)
        {
            return (RetryPolicy.Default, DefaultTimeout);
        }

        if (defaults.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("$.defaults", $"Must be an object with 'retry' and/or 'timeout', not {JsonChecks.Describe(defaults)}."));
            return (RetryPolicy.Default, DefaultTimeout);
        }

        JsonChecks.RejectUnknown(defaults, "$.defaults", errors, "retry", "timeout");
        var retry = RetryParser.Parse(defaults, "$.defaults", RetryPolicy.Default, errors);
        var timeout = ParseTimeout(defaults, "$.defaults", DefaultTimeout, errors);
        return (retry, timeout);
    }

    private List<StepDefinition> ParseSteps(JsonElement document, RetryPolicy defaultRetry, TimeSpan defaultTimeout, List<ValidationError> errors) =>
        ParseStepArray(document.TryGetProperty("steps", out var array) ? array : default, "$.steps", defaultRetry, defaultTimeout, errors);

    private List<StepDefinition> ParseStepArray(JsonElement array, string arrayPath, RetryPolicy defaultRetry, TimeSpan defaultTimeout, List<ValidationError> errors)
    {
        var steps = new List<StepDefinition>();
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add(new ValidationError(arrayPath, "Required: a non-empty array of steps."));
            return steps;
        }

        if (array.GetArrayLength() > MaxSteps)
        {
            errors.Add(new ValidationError(arrayPath, $"Too many steps: {array.GetArrayLength()}; at most {MaxSteps}."));
            return steps;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var step in array.EnumerateArray())
        {
            var path = $"{arrayPath}[{index++}]";
            if (step.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(path, $"A step must be an object, not {JsonChecks.Describe(step)}."));
                continue;
            }

            JsonChecks.RejectUnknown(step, path, errors, StepProperties);
            var id = JsonChecks.OptionalString(step, "id", path, errors);
            if (id is null)
            {
                errors.Add(new ValidationError($"{path}.id", "Required: a unique step id."));
            }
            else if (!StepIdPattern().IsMatch(id))
            {
                errors.Add(new ValidationError($"{path}.id", $"'{id}' is not a valid step id: use letters, digits, '_' and '-', starting with a letter or '_', at most 64 characters."));
            }
            else if (!seen.Add(id))
            {
                errors.Add(new ValidationError($"{path}.id", $"Duplicate step id '{id}'."));
            }

            var type = JsonChecks.OptionalString(step, "type", path, errors);
            var kind = type is null ? null : kinds.Find(type);
            if (type is null)
            {
                errors.Add(new ValidationError($"{path}.type", $"Required: one of {string.Join(", ", kinds.Types)}."));
            }
            else if (kind is null)
            {
                errors.Add(new ValidationError($"{path}.type", $"Unknown step type '{type}'. Known: {string.Join(", ", kinds.Types)}."));
            }

            var dependsOn = ParseDependsOn(step, path, errors);
            var with = step.TryGetProperty("with", out var w) ? w : EmptyObject;
            if (with.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError($"{path}.with", $"Must be an object, not {JsonChecks.Describe(with)}."));
            }
            else
            {
                JsonTemplate.Validate(with, $"{path}.with", errors);
                kind?.Validate(with, $"{path}.with", errors);
            }

            var retry = RetryParser.Parse(step, path, defaultRetry, errors);
            var timeout = ParseTimeout(step, path, defaultTimeout, errors);
            TimeSpan? declaredTimeout = step.TryGetProperty("timeout", out var t) && t.ValueKind != JsonValueKind.Null ? timeout : null;
            var when = ParseWhen(step, path, errors);
            var onTimeout = ParseOnTimeout(step, type, path, errors);
            var agent = AgentOptionsParser.Parse(step, type, path, errors);
            if (type == AgentStepKind.TypeName && declaredTimeout is not null)
            {
                // It would be silently replaced by the queue and run deadlines: refuse it rather than ignore it.
                errors.Add(new ValidationError($"{path}.timeout",
                    "An agent step has no 'timeout': use 'timeouts.queue' (how long it may wait for an agent) and 'timeouts.run' (how long an agent may run it)."));
            }

            // An agent attempt's deadlines are the queue's (queue, run, heartbeat); its attempt timeout covers both.
            var effective = agent is null ? timeout : agent.QueueTimeout + agent.RunTimeout;
            steps.Add(new StepDefinition(id ?? "", type ?? "", dependsOn, with.Clone(), retry, effective, when, declaredTimeout, onTimeout) { Agent = agent });
        }

        return steps;
    }

    private static List<string> ParseDependsOn(JsonElement step, string path, List<ValidationError> errors)
    {
        var result = new List<string>();
        if (!step.TryGetProperty("dependsOn", out var deps) || deps.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (deps.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError($"{path}.dependsOn", $"Must be an array of step ids, not {JsonChecks.Describe(deps)}."));
            return result;
        }

        var index = 0;
        foreach (var dep in deps.EnumerateArray())
        {
            var depPath = $"{path}.dependsOn[{index++}]";
            if (dep.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(depPath, $"Must be a step id string, not {JsonChecks.Describe(dep)}."));
            }
            else if (result.Contains(dep.GetString()!))
            {
                errors.Add(new ValidationError(depPath, $"'{dep.GetString()}' is listed twice."));
            }
            else
            {
                result.Add(dep.GetString()!);
            }
        }

        return result;
    }

    /// <summary>Longest root <c>retention</c>: about ten years.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <summary>The shortest root <c>retention</c> accepted (<c>Automation:Retention:Minimum</c>).</summary>
    public TimeSpan MinimumRetention { get; } = minimumRetention ?? TimeSpan.FromHours(1);

    private TimeSpan? ParseRetention(JsonElement document, List<ValidationError> errors)
    {
        if (!document.TryGetProperty("retention", out var r) || r.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var shown = r.ValueKind == JsonValueKind.String ? $"\"{r.GetString()}\"" : JsonChecks.Describe(r);
        if (r.ValueKind != JsonValueKind.String || !Duration.TryParse(r.GetString(), out var retention) || retention <= TimeSpan.Zero || retention > MaxRetention)
        {
            errors.Add(new ValidationError("$.retention", $"Must be a duration such as \"90d\", \"12h\" or \"30m\", at most {Duration.Format(MaxRetention)}, not {shown}."));
            return null;
        }

        if (retention < MinimumRetention)
        {
            errors.Add(new ValidationError("$.retention", $"Must be at least {Duration.Format(MinimumRetention)} (Automation:Retention:Minimum), not {shown}."));
            return null;
        }

        return retention;
    }

    private static TimeSpan ParseTimeout(JsonElement obj, string path, TimeSpan fallback, List<ValidationError> errors)
    {
        if (!obj.TryGetProperty("timeout", out var t) || t.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (t.ValueKind == JsonValueKind.String && Duration.TryParse(t.GetString(), out var timeout) && timeout > TimeSpan.Zero && timeout <= MaxDuration)
        {
            return timeout;
        }

        errors.Add(new ValidationError($"{path}.timeout", $"Must be a positive duration of at most {Duration.Format(MaxDuration)} such as \"250ms\", \"30s\", \"5m\" or \"2h\", not {(t.ValueKind == JsonValueKind.String ? $"\"{t.GetString()}\"" : JsonChecks.Describe(t))}."));
        return fallback;
    }

    /// <summary>
    /// Unknown dependencies, self-dependencies, cycles, and templates that read steps which are not (transitive)
    /// dependencies. Runs whatever else is wrong (duplicate ids, bad types...), so one answer lists every problem:
    /// steps that share an id are one node of the graph, and edges to unknown steps are left out of it.
    /// </summary>
    private void CheckGraph(List<StepDefinition> steps, List<ValidationError> errors, string arrayPath = "$.steps")
    {
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Id.Length > 0)
            {
                indexById.TryAdd(steps[i].Id, i);
            }
        }

        var graph = indexById.Keys.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            for (var j = 0; j < steps[i].DependsOn.Count; j++)
            {
                var dep = steps[i].DependsOn[j];
                if (dep == steps[i].Id)
                {
                    errors.Add(new ValidationError($"{arrayPath}[{i}].dependsOn[{j}]", $"Step '{dep}' cannot depend on itself."));
                }
                else if (!indexById.ContainsKey(dep))
                {
                    errors.Add(new ValidationError($"{arrayPath}[{i}].dependsOn[{j}]", $"Unknown step '{dep}'."));
                }
                else if (steps[i].Id.Length > 0 && !graph[steps[i].Id].Contains(dep))
                {
                    graph[steps[i].Id].Add(dep);
                }
            }
        }

        var cycle = GraphCycles.Find(graph);
        if (cycle is not null)
        {
            errors.Add(new ValidationError($"{arrayPath}[{indexById[cycle[0]]}].dependsOn", $"Dependency cycle: {string.Join(" -> ", cycle)}."));
            return; // Which steps a template may read is only meaningful in an acyclic graph.
        }

        var ancestors = GraphCycles.Ancestors(graph);
        for (var i = 0; i < steps.Count; i++)
        {
            var own = steps[i].Id.Length > 0 ? ancestors[steps[i].Id] : [];
            foreach (var referenced in JsonTemplate.ReferencedSteps(OwnArguments(steps[i])).Order(StringComparer.Ordinal))
            {
                if (!own.Contains(referenced))
                {
                    var why = indexById.ContainsKey(referenced) ? "which is not among its dependencies (add it to dependsOn)" : "which does not exist";
                    errors.Add(new ValidationError($"{arrayPath}[{i}].with", $"Step '{steps[i].Id}' reads steps.{referenced}, {why}."));
                }
            }

            var when = steps[i].When is { } w ? JsonSerializer.SerializeToElement(w) : default;
            foreach (var referenced in JsonTemplate.ReferencedSteps(when).Order(StringComparer.Ordinal))
            {
                if (!own.Contains(referenced))
                {
                    var why = indexById.ContainsKey(referenced) ? "which is not among its dependencies (add it to dependsOn)" : "which does not exist";
                    errors.Add(new ValidationError($"{arrayPath}[{i}].when", $"Step '{steps[i].Id}' reads steps.{referenced}, {why}."));
                }
            }
        }
    }

    /// <summary>
    /// The definitions a valid document starts as child workflows by a literal name (<c>workflow</c> and
    /// <c>foreach</c> steps, inline steps included), with the JSON path of each; registration checks they exist.
    /// </summary>
    /// <param name="document">A document that <see cref="Parse"/> accepted.</param>
    /// <returns>The references.</returns>
    public IReadOnlyList<(string Path, string Definition, int? Version)> ChildDefinitions(JsonElement document) =>
        [.. AllSteps(document).SelectMany(s => kinds.Find(s.Type) is IChildStepKind kind ? kind.References(s.With, s.Path) : [])];

    /// <summary>
    /// Every step of a valid document with its type, its <c>with</c> and the JSON path of that <c>with</c>, inline
    /// steps (a <c>foreach</c>'s steps, <c>parallel</c> branches) included, for checks that need more than the parser
    /// knows (does a named definition, channel or template exist).
    /// </summary>
    /// <param name="document">A document that <see cref="Parse"/> accepted.</param>
    /// <returns>The steps in document order, each inline step after the step that holds it.</returns>
    public IEnumerable<(string Type, JsonElement With, string Path)> AllSteps(JsonElement document)
    {
        var found = new List<(string, JsonElement, string)>();
        Visit(document.TryGetProperty("steps", out var steps) ? steps : default, "$.steps", 1);
        return found;

        void Visit(JsonElement array, string arrayPath, int depth)
        {
            if (array.ValueKind != JsonValueKind.Array || depth > MaxSubflowDepth + 1)
            {
                return;
            }

            var i = 0;
            foreach (var step in array.EnumerateArray())
            {
                var path = $"{arrayPath}[{i++}].with";
                if (step.ValueKind != JsonValueKind.Object || !step.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                    || !step.TryGetProperty("with", out var with) || with.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                found.Add((type.GetString()!, with, path));
                if (kinds.Find(type.GetString()!) is IChildStepKind kind)
                {
                    var id = step.TryGetProperty("id", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString()! : "";
                    foreach (var inline in kind.Subflows(id, with, path))
                    {
                        Visit(inline.Steps, inline.Path, depth + 1);
                    }
                }
            }
        }
    }

    /// <summary>Drops repeated errors (a template inside inline steps is checked with its step and with the inline steps), keeping the first of each.</summary>
    private static void Deduplicate(List<ValidationError> errors)
    {
        var seen = new HashSet<(string, string)>();
        errors.RemoveAll(e => !seen.Add((e.Path, e.Message)));
    }

    /// <summary>A step's arguments without the steps it runs as child workflows, whose templates read the child's own data.</summary>
    private JsonElement OwnArguments(StepDefinition step)
    {
        if (kinds.Find(step.Type) is not IChildStepKind kind || step.With.ValueKind != JsonValueKind.Object)
        {
            return step.With;
        }

        var inner = kind.ChildProperties;
        return JsonSerializer.SerializeToElement(step.With.EnumerateObject().Where(p => !inner.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value));
    }

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
