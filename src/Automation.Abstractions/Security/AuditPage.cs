namespace Automation.Security;

/// <summary>One page of the audit trail, newest first.</summary>
/// <param name="Items">The records.</param>
/// <param name="NextCursor">Pass it back to get the next page; <see langword="null"/> on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? NextCursor);
