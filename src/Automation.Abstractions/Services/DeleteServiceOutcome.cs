namespace Automation.Services;

/// <summary>The outcome of deleting a service.</summary>
public enum DeleteServiceOutcome
{
    /// <summary>Deleted with its state; its PostgreSQL history is deleted too.</summary>
    Deleted = 0,

    /// <summary>There was no such service.</summary>
    NotFound = 1,

    /// <summary>Other services depend on it: nothing deleted.</summary>
    HasDependents = 2,
}
