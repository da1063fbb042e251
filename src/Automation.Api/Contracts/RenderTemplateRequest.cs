using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/templates/{name}/render</c>. Unknown properties are rejected.</summary>
/// <param name="Data">The sample data, read by the template as <c>data</c> (as a notify step's <c>with.data</c>); default <c>{}</c>.</param>
/// <param name="Version">The version to render; default the latest.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RenderTemplateRequest(JsonElement? Data = null, int? Version = null);
