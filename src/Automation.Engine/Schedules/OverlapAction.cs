namespace Automation.Engine.Schedules;

/// <summary>What one fire does, given the overlap policy and the previous run.</summary>
public enum OverlapAction
{
    /// <summary>Start the workflow.</summary>
    Start,

    /// <summary>Do not start it.</summary>
    Skip,

    /// <summary>Keep it, and start it when the previous run finishes.</summary>
    Buffer,

    /// <summary>Cancel the previous run, then start.</summary>
    CancelPreviousThenStart,
}
