using System.Text.Json;
using Automation.Definitions;
using Automation.Notifications;

namespace Automation.Templates;

/// <summary>
/// Checks and renders stored notification templates: <c>subject</c>, <c>body</c> and <c>html</c> are templates with the
/// rules of <see cref="JsonTemplate"/> that read the notify step's <c>data</c> as <c>data</c> (missing data is an error).
/// </summary>
public static class NotificationTemplates
{
    /// <summary>The variable a stored template reads.</summary>
    public const string DataVariable = "data";

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Adds an error, located at <c>$.subject</c>, <c>$.body</c> or <c>$.html</c>, for each part that does not parse.</summary>
    /// <param name="subject">The subject template, if any.</param>
    /// <param name="body">The body template.</param>
    /// <param name="html">The HTML template, if any.</param>
    /// <param name="errors">Where the errors go.</param>
    public static void Validate(string? subject, string body, string? html, ICollection<ValidationError> errors) =>
        JsonTemplate.Validate(JsonSerializer.SerializeToElement(new { subject, body, html }), "$", errors);

    /// <summary>Renders a template over some data.</summary>
    /// <param name="template">The stored template.</param>
    /// <param name="data">The data, read as <c>data</c>.</param>
    /// <returns>The rendered subject, body and HTML (each as text).</returns>
    /// <exception cref="TemplateException">A part fails to render or reads missing data; the message names the part (<c>subject: …</c>).</exception>
    public static (string? Subject, string Body, string? Html) Render(NotificationTemplate template, JsonElement data)
    {
        ArgumentNullException.ThrowIfNull(template);
        var renderer = new TemplateRenderer(new TemplateScope(EmptyObject, new Dictionary<string, JsonElement>(), "", "", 0));
        var variables = new Dictionary<string, JsonElement> { [DataVariable] = data.ValueKind == JsonValueKind.Undefined ? EmptyObject : data };
        string? Part(string name, string? text)
        {
            if (text is null)
            {
                return null;
            }

            try
            {
                var rendered = renderer.Render(JsonSerializer.SerializeToElement(text), variables);
                return rendered.ValueKind == JsonValueKind.String ? rendered.GetString() : rendered.GetRawText();
            }
            catch (TemplateException ex)
            {
                throw new TemplateException($"{name}: {ex.Message}", ex.Expression, ex.MissingPath, ex);
            }
        }

        return (Part("subject", template.Subject), Part("body", template.Body)!, Part("html", template.Html));
    }
}
