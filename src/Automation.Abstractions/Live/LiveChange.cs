namespace Automation.Live;

/// <summary>
/// One change the silos publish for live pages (best effort, never durable): a small record a grain hands to the
/// silo's live feed after the change is written. Only what a page needs to decide whether to refetch, and what a
/// notification shows, travels here; pages read the rest through the API.
/// </summary>
/// <param name="Topic">What it is about.</param>
/// <param name="Id">The workflow id, alert id or service name.</param>
/// <param name="Status">The status after the change (workflow status, alert status or service status, as the API spells it).</param>
/// <param name="Sequence">The workflow's history length after the change (a version that only grows); 0 for other topics.</param>
/// <param name="At">When the change happened.</param>
[GenerateSerializer, Immutable, Alias("automation.LiveChange")]
public sealed record LiveChange(
    [property: Id(0)] LiveTopic Topic,
    [property: Id(1)] string Id,
    [property: Id(2)] string Status,
    [property: Id(3)] long Sequence,
    [property: Id(4)] DateTimeOffset At)
{
    /// <summary>The workflow's definition name (workflows only).</summary>
    [Id(5)] public string? Definition { get; init; }

    /// <summary>The step that changed last in this transition, if any (workflows only).</summary>
    [Id(6)] public string? StepId { get; init; }

    /// <summary>That step's status after the change.</summary>
    [Id(7)] public string? StepStatus { get; init; }

    /// <summary>
    /// Set when <see cref="StepId"/> starts waiting for an approval: who may decide it (<c>role:NAME</c> or a username;
    /// empty means anyone allowed to signal the workflow).
    /// </summary>
    [Id(8)] public IReadOnlyList<string>? Approvers { get; init; }

    /// <summary>The alert's severity (alerts only).</summary>
    [Id(9)] public string? Severity { get; init; }

    /// <summary>The alert's source name, e.g. the service (alerts), or the service before the change (services: its previous status).</summary>
    [Id(10)] public string? Source { get; init; }

    /// <summary>A one-line text: the alert title, the workflow's error, the service transition's reason.</summary>
    [Id(11)] public string? Title { get; init; }

    /// <summary>What happened to an alert: <c>raised</c>, <c>acknowledged</c> or <c>resolved</c>; for a service, the status before.</summary>
    [Id(12)] public string? Action { get; init; }

    /// <summary>Whether this change asks for an approval (a step started waiting for one).</summary>
    public bool IsApproval => Approvers is not null;
}
