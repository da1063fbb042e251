namespace Automation.Definitions;

/// <summary>The step-level settings of an <c>agent</c> step: its queue priority and its agent deadlines.</summary>
/// <param name="Priority">0–9, higher is leased first; default 5.</param>
/// <param name="QueueTimeout">Longest time queued before a lease (default 1 h).</param>
/// <param name="RunTimeout">Longest time from lease to report (default 1 h).</param>
/// <param name="HeartbeatTimeout">Longest gap between heartbeats while leased; <see langword="null"/> for none.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentStepOptions")]
public sealed record AgentStepOptions(
    [property: Id(0)] int Priority,
    [property: Id(1)] TimeSpan QueueTimeout,
    [property: Id(2)] TimeSpan RunTimeout,
    [property: Id(3)] TimeSpan? HeartbeatTimeout)
{
    /// <summary>The default priority.</summary>
    public const int DefaultPriority = 5;

    /// <summary>The default queue and run timeouts.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>The settings of an agent step that declares none.</summary>
    public static AgentStepOptions Default { get; } = new(DefaultPriority, DefaultTimeout, DefaultTimeout, null);
}
