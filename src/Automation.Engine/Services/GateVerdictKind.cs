namespace Automation.Engine.Services;

/// <summary>See <see cref="GateVerdict"/>.</summary>
public enum GateVerdictKind
{
    /// <summary>The call goes.</summary>
    Allow,

    /// <summary>The breaker's break is over: this call is the trial (one at a time per silo).</summary>
    Trial,

    /// <summary>The step waits for the service.</summary>
    Wait,
}
