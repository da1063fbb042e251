namespace Automation.Api.Contracts;

/// <summary>A template rendered with sample data.</summary>
/// <param name="Name">The template name.</param>
/// <param name="Version">The version rendered.</param>
/// <param name="Subject">The rendered subject, if the template has one.</param>
/// <param name="Body">The rendered body.</param>
/// <param name="Html">The rendered HTML, if the template has one.</param>
public sealed record RenderTemplateResponse(string Name, int Version, string? Subject, string Body, string? Html);
