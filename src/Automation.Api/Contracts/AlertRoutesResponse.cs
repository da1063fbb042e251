using Automation.Alerts;

namespace Automation.Api.Contracts;

/// <summary>Where alerts go.</summary>
/// <param name="Channels">The channels that receive raised and resolved alerts.</param>
/// <param name="MinSeverity">Alerts below it are not delivered.</param>
/// <param name="Escalation">The escalation, if any.</param>
/// <param name="Template">The stored template messages are rendered with, if any.</param>
/// <param name="UpdatedBy">Who last set the routes.</param>
/// <param name="UpdatedAt">When.</param>
public sealed record AlertRoutesResponse(
    IReadOnlyList<string> Channels, AlertSeverity MinSeverity, AlertEscalationResponse? Escalation, string? Template, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    /// <summary>Maps the routes.</summary>
    /// <param name="r">The routes.</param>
    /// <returns>The response.</returns>
    public static AlertRoutesResponse From(AlertRoutes r) => new(
        r.Channels, r.MinSeverity,
        r.EscalationAfter is { } after ? new AlertEscalationResponse(Duration.Format(after), r.EscalationChannels) : null,
        r.Template, r.UpdatedBy, r.UpdatedAt);
}
