namespace Automation.Security;

/// <summary>A page request over the audit trail, newest (highest id) first. Every filter is an exact match.</summary>
/// <param name="Actor">Only records of this actor.</param>
/// <param name="Action">Only records of this action (an operation id such as <c>PutDefinition</c>, or <c>auth.token</c>).</param>
/// <param name="Target">Only records about this target.</param>
/// <param name="Outcome">Only records with this outcome (<c>success</c>, <c>failure</c> or <c>denied</c>).</param>
/// <param name="From">Only records at or after this instant.</param>
/// <param name="To">Only records before this instant.</param>
/// <param name="Limit">Page size, 1–<see cref="MaxLimit"/>.</param>
/// <param name="Cursor">The opaque <see cref="AuditPage.NextCursor"/> of the previous page.</param>
public sealed record AuditQuery(
    string? Actor,
    string? Action,
    string? Target,
    string? Outcome,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;
}
