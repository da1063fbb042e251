namespace Automation.Operations;

/// <summary>What a batch operation does to each workflow it matches.</summary>
/// <remarks>Values are stored as numbers in operation state: never renumber them; add new ones at the end.</remarks>
public enum BatchAction
{
    /// <summary>Cancel running or paused workflows.</summary>
    Cancel,

    /// <summary>Terminate running or paused workflows.</summary>
    Terminate,

    /// <summary>Retry failed, timed-out, terminated or cancelled workflows.</summary>
    Retry,

    /// <summary>Pause running workflows.</summary>
    Pause,

    /// <summary>Resume paused workflows.</summary>
    Resume,
}
