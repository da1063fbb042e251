using Automation.Operations;

namespace Automation.Grains.Operations;

/// <summary>Persisted state of a batch operation: what it does, how far its walk got, and its counters.</summary>
[GenerateSerializer, Alias("automation.grains.BatchOperationState")]
public sealed class BatchOperationState
{
    /// <summary>Whether the operation was started.</summary>
    [Id(0)] public bool Exists { get; set; }

    /// <summary>What it does to each workflow.</summary>
    [Id(1)] public BatchAction Action { get; set; }

    /// <summary>Which workflows.</summary>
    [Id(2)] public BatchFilter Filter { get; set; } = new(null, null, null, null, null, [], null, null);

    /// <summary>Why, as given.</summary>
    [Id(3)] public string? Reason { get; set; }

    /// <summary>Who started it.</summary>
    [Id(4)] public string CreatedBy { get; set; } = "";

    /// <summary>Running, Completed or Failed.</summary>
    [Id(5)] public BatchOperationStatus Status { get; set; }

    /// <summary>The visibility-table cursor after the last page whose counters are saved; <see langword="null"/> before the first.</summary>
    [Id(6)] public string? Cursor { get; set; }

    /// <summary>Workflows matched so far.</summary>
    [Id(7)] public long Matched { get; set; }

    /// <summary>Workflows the action was applied to.</summary>
    [Id(8)] public long Succeeded { get; set; }

    /// <summary>Workflows not in a status the action applies to.</summary>
    [Id(9)] public long Skipped { get; set; }

    /// <summary>Workflows the action could not be applied to.</summary>
    [Id(10)] public long Failed { get; set; }

    /// <summary>The first failures.</summary>
    [Id(11)] public List<BatchOperationError> Errors { get; set; } = [];

    /// <summary>When it was started.</summary>
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its counters last changed.</summary>
    [Id(13)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it completed or failed.</summary>
    [Id(14)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Why it failed.</summary>
    [Id(15)] public string? Problem { get; set; }
}
