namespace Automation.Operations;

/// <summary>The lifecycle status of a batch operation.</summary>
/// <remarks>Values are stored as numbers in operation state: never renumber them; add new ones at the end.</remarks>
public enum BatchOperationStatus
{
    /// <summary>Walking the matching workflows.</summary>
    Running,

    /// <summary>Every matching workflow was visited; the counters are final.</summary>
    Completed,

    /// <summary>The walk stopped for good (see the operation's problem); the counters show how far it got.</summary>
    Failed,
}
