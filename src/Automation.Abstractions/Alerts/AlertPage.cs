namespace Automation.Alerts;

/// <summary>One page of alerts, newest first.</summary>
/// <param name="Items">The alerts.</param>
/// <param name="Next">The cursor of the next page, or <see langword="null"/> on the last.</param>
public sealed record AlertPage(IReadOnlyList<Alert> Items, long? Next);
