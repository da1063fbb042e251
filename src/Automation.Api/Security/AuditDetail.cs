using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Security;

/// <summary>The <c>detail</c> of a request's audit record: how it was called, nothing the client sent.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Route">The route template, e.g. <c>/api/v1/workflows/{workflowId}/cancel</c>.</param>
internal sealed record AuditDetail(string Method, string Route);

/// <summary>Source-generated JSON (camelCase) for <see cref="AuditDetail"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditDetail))]
internal sealed partial class AuditDetailJson : JsonSerializerContext;
