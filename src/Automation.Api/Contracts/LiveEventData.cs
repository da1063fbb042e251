using System.ComponentModel;

namespace Automation.Api.Contracts;

/// <summary>
/// The <c>data:</c> of a <c>workflow</c>, <c>approval</c>, <c>alert</c> or <c>service</c> event of
/// <c>GET /api/v1/events</c> (a JSON object on one line). Absent members are not sent.
/// </summary>
/// <param name="Topic">workflow, approval, alert or service.</param>
/// <param name="Id">The workflow id, alert id or service name.</param>
/// <param name="Status">The status after the change, spelled as the resource's own endpoint spells it.</param>
/// <param name="Sequence">The workflow's history length after the change (only grows); 0 for other topics.</param>
/// <param name="At">When the change happened.</param>
/// <param name="Definition">The workflow's definition.</param>
/// <param name="StepId">The step the change concerns (for an approval, the step waiting).</param>
/// <param name="StepStatus">That step's status.</param>
/// <param name="Approvers">An approval's approvers (<c>role:NAME</c> or usernames; empty: anyone who may signal).</param>
/// <param name="Severity">An alert's severity.</param>
/// <param name="Source">An alert's source (e.g. the service).</param>
/// <param name="Title">The alert's title, the failed workflow's error, a service transition's reason, or an approval's message.</param>
/// <param name="Action">An alert's change (raised, acknowledged, resolved), or a service's status before the transition.</param>
public sealed record LiveEventData(
    [property: Description("workflow, approval, alert or service.")] string Topic,
    [property: Description("The workflow id, alert id or service name.")] string Id,
    [property: Description("The status after the change.")] string Status,
    [property: Description("The workflow's history length after the change; 0 for other topics.")] long Sequence,
    [property: Description("When the change happened.")] DateTimeOffset At,
    [property: Description("The workflow's definition.")] string? Definition = null,
    [property: Description("The step the change concerns.")] string? StepId = null,
    [property: Description("That step's status.")] string? StepStatus = null,
    [property: Description("An approval's approvers.")] IReadOnlyList<string>? Approvers = null,
    [property: Description("An alert's severity.")] string? Severity = null,
    [property: Description("An alert's source.")] string? Source = null,
    [property: Description("A one-line text about the change.")] string? Title = null,
    [property: Description("An alert's change, or a service's status before.")] string? Action = null);
