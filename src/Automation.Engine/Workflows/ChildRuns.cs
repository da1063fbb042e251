namespace Automation.Engine.Workflows;

/// <summary>
/// Persisted progress of the child workflows of one <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step, inside
/// <see cref="StepState"/>. It stays small whatever the item count: counters and the indexes running now (at most the
/// step's concurrency); the children's outputs stay in the children until the step collects them once, at the end.
/// </summary>
[GenerateSerializer, Alias("automation.grains.ChildRuns")]
public sealed class ChildRuns
{
    /// <summary>Which run of the step this is: a retried workflow starts new children (new ids) for a step that did not complete.</summary>
    [Id(0)] public int Run { get; set; } = 1;

    /// <summary>How many children the step runs; set when it activates.</summary>
    [Id(1)] public int Total { get; set; }

    /// <summary>Children 0 to this minus one have been started, in index order.</summary>
    [Id(2)] public int Started { get; set; }

    /// <summary>Indexes of the children started and not yet finished.</summary>
    [Id(3)] public List<int> Running { get; set; } = [];

    /// <summary>How many completed.</summary>
    [Id(4)] public int Completed { get; set; }

    /// <summary>How many ended otherwise (failed, timed out, cancelled or terminated).</summary>
    [Id(5)] public int Failed { get; set; }

    /// <summary>The first child that ended otherwise, with its error, for the step's error.</summary>
    [Id(6)] public int? FirstFailure { get; set; }

    /// <summary>The error of <see cref="FirstFailure"/>.</summary>
    [Id(7)] public Automation.Workflows.StepError? FirstError { get; set; }

    /// <summary>For <c>parallel</c> with <c>mode: any</c>: the branch that completed first.</summary>
    [Id(8)] public int? Winner { get; set; }

    /// <summary>Whether every child has finished (or the step stopped waiting for the rest) and the step waits for its outputs to be collected.</summary>
    [Id(9)] public bool Collecting { get; set; }

    /// <summary>How many children may run at once.</summary>
    [Id(10)] public int MaxConcurrency { get; set; } = 1;

    /// <summary>Whether the first child that does not complete fails the step (and stops the others).</summary>
    [Id(11)] public bool FailFast { get; set; } = true;

    /// <summary>Whether the first child to complete completes the step and stops the others (<c>parallel</c> with <c>mode: any</c>).</summary>
    [Id(12)] public bool FirstWins { get; set; }

    /// <summary>The child id given in the step (<c>workflow</c> with <c>id</c>); otherwise ids derive from the parent's.</summary>
    [Id(13)] public string? CustomId { get; set; }
}
