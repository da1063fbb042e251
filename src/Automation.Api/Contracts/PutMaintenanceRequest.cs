using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/services/{name}/maintenance</c>. Unknown properties are rejected.</summary>
/// <param name="Until">When the window ends (in the future, at most 30 days ahead).</param>
/// <param name="Reason">Why (at most 500 characters).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutMaintenanceRequest(
    [property: Description("When the window ends.")] DateTimeOffset? Until,
    [property: Description("Why.")] string? Reason = null);
