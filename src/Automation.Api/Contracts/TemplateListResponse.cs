namespace Automation.Api.Contracts;

/// <summary>The latest version of every template, ordered by name.</summary>
/// <param name="Items">The templates.</param>
public sealed record TemplateListResponse(IReadOnlyList<TemplateResponse> Items);
