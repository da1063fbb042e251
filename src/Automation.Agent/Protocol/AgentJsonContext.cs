using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Agent.Protocol;

/// <summary>Source-generated JSON for the protocol's messages: web defaults (camelCase), nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterAgentRequest))]
[JsonSerializable(typeof(RegisterAgentResponse))]
[JsonSerializable(typeof(PollRequest))]
[JsonSerializable(typeof(PollResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(CompleteTaskRequest))]
[JsonSerializable(typeof(FailTaskRequest))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
