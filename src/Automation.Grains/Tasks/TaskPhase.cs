namespace Automation.Grains.Tasks;

/// <summary>Where a task grain is in its lifecycle.</summary>
public enum TaskPhase
{
    /// <summary>No attempt has finished yet.</summary>
    Running,

    /// <summary>An attempt failed; the next one waits for its back-off.</summary>
    Retrying,

    /// <summary>An attempt succeeded.</summary>
    Completed,

    /// <summary>The last attempt failed for good.</summary>
    Failed,
}
