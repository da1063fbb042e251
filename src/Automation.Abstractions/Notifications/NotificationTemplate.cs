namespace Automation.Notifications;

/// <summary>One version of a stored notification template.</summary>
/// <param name="Name">The template name that <c>notify</c> steps use in <c>template</c>.</param>
/// <param name="Version">1 for the first <c>PUT</c>, + 1 for each later one.</param>
/// <param name="Subject">The subject template, if any.</param>
/// <param name="Body">The body template (the text part of an email).</param>
/// <param name="Html">The HTML template (email only), if any.</param>
/// <param name="CreatedAt">When this version was stored.</param>
public sealed record NotificationTemplate(string Name, int Version, string? Subject, string Body, string? Html, DateTimeOffset CreatedAt);
