using System.Text.RegularExpressions;

namespace Automation.Agents;

/// <summary>The rules for capability names and the keys of agent task queues.</summary>
public static partial class AgentNames
{
    /// <summary>The rule for capability names, for error messages.</summary>
    public const string CapabilityRule = "1–100 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit";

    /// <summary>The regular expression capability names match (for the OpenAPI document).</summary>
    public const string CapabilityPattern = "^[a-z0-9][a-z0-9._-]{0,99}$";

    [GeneratedRegex(CapabilityPattern)]
    private static partial Regex Capability();

    /// <summary>Whether <paramref name="name"/> is a valid capability name.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsCapability(string? name) => name is not null && Capability().IsMatch(name);

    /// <summary>The key of one queue partition grain: <c>{capability}~{partition}</c>.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="partition">The partition.</param>
    /// <returns>The key.</returns>
    public static string QueueKey(string capability, int partition) => $"{capability}~{partition}";

    /// <summary>
    /// The partition a workflow's agent tasks of one capability go to: a stable hash of the workflow id (FNV-1a, not
    /// <see cref="string.GetHashCode()"/>, which differs between processes).
    /// </summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="partitions">The number of partitions.</param>
    /// <returns>0 to <paramref name="partitions"/> − 1.</returns>
    public static int Partition(string workflowId, int partitions) =>
        (int)(StableHash.Of(workflowId) % (uint)Math.Max(1, partitions));

    /// <summary>The queue key a task id names (task ids are <c>{capability}~{partition}~{random}</c>); <see langword="null"/> when it names none.</summary>
    /// <param name="taskId">The task id.</param>
    /// <returns>The queue key, or <see langword="null"/>.</returns>
    public static string? QueueKeyOf(string? taskId)
    {
        var parts = taskId?.Split('~');
        return parts is { Length: 3 } && IsCapability(parts[0]) && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p < 10_000
            && parts[2].Length is > 0 and <= 64 && parts[2].All(char.IsAsciiLetterOrDigit)
            ? QueueKey(parts[0], p)
            : null;
    }

    /// <summary>The idempotency key of an agent step, the same for every attempt: <c>{workflowId}:{stepId}</c>.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="stepId">The step id.</param>
    /// <returns>The key.</returns>
    public static string IdempotencyKey(string workflowId, string stepId) => $"{workflowId}:{stepId}";
}
