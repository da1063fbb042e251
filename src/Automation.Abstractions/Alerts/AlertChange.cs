namespace Automation.Alerts;

/// <summary>The result of a conditional write to an alert.</summary>
/// <param name="Alert">The alert after the write, or as it was when nothing changed; <see langword="null"/> when there is none.</param>
/// <param name="Changed">Whether this write changed it.</param>
[GenerateSerializer, Immutable, Alias("automation.AlertChange")]
public sealed record AlertChange([property: Id(0)] Alert? Alert, [property: Id(1)] bool Changed);
