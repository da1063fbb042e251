namespace Automation.Api.Contracts;

/// <summary>A page of the audit trail, newest first.</summary>
/// <param name="Items">The records.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AuditListResponse(IReadOnlyList<AuditEntry> Items, string? NextCursor);
