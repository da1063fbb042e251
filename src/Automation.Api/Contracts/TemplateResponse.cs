using Automation.Notifications;

namespace Automation.Api.Contracts;

/// <summary>One version of a notification template.</summary>
/// <param name="Name">The template name.</param>
/// <param name="Version">1 for the first PUT, + 1 for each later one.</param>
/// <param name="Subject">The subject template, if any.</param>
/// <param name="Body">The body template.</param>
/// <param name="Html">The HTML template, if any.</param>
/// <param name="CreatedAt">When this version was stored.</param>
public sealed record TemplateResponse(string Name, int Version, string? Subject, string Body, string? Html, DateTimeOffset CreatedAt)
{
    /// <summary>Maps a stored template to the response.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The response.</returns>
    public static TemplateResponse FromTemplate(NotificationTemplate template) =>
        new(template.Name, template.Version, template.Subject, template.Body, template.Html, template.CreatedAt);
}
