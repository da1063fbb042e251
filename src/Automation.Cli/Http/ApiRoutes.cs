namespace Automation.Cli.Http;

/// <summary>
/// Every API operation the CLI calls. A test reads this list by reflection and checks each one against the OpenAPI
/// document the running API serves, so the CLI cannot call an operation that does not exist.
/// </summary>
internal static class ApiRoutes
{
    /// <summary>Sign in.</summary>
    public static readonly ApiRoute AuthToken = new("POST", "/api/v1/auth/token");
    /// <summary>Renew tokens.</summary>
    public static readonly ApiRoute AuthRefresh = new("POST", "/api/v1/auth/refresh");
    /// <summary>Sign out.</summary>
    public static readonly ApiRoute AuthLogout = new("POST", "/api/v1/auth/logout");
    /// <summary>Who the caller is.</summary>
    public static readonly ApiRoute AuthMe = new("GET", "/api/v1/auth/me");

    /// <summary>List definitions.</summary>
    public static readonly ApiRoute Definitions = new("GET", "/api/v1/definitions");
    /// <summary>The latest version of a definition.</summary>
    public static readonly ApiRoute Definition = new("GET", "/api/v1/definitions/{name}");
    /// <summary>Register a version.</summary>
    public static readonly ApiRoute DefinitionPut = new("PUT", "/api/v1/definitions/{name}");
    /// <summary>One version.</summary>
    public static readonly ApiRoute DefinitionVersion = new("GET", "/api/v1/definitions/{name}/versions/{version}");
    /// <summary>Every version.</summary>
    public static readonly ApiRoute DefinitionVersions = new("GET", "/api/v1/definitions/{name}/versions");
    /// <summary>What changed between two versions.</summary>
    public static readonly ApiRoute DefinitionDiff = new("GET", "/api/v1/definitions/{name}/versions/{version}/diff/{other}");
    /// <summary>Deprecate a version or the definition.</summary>
    public static readonly ApiRoute DefinitionDeprecate = new("POST", "/api/v1/definitions/{name}/deprecate");
    /// <summary>Lift a deprecation.</summary>
    public static readonly ApiRoute DefinitionUndeprecate = new("POST", "/api/v1/definitions/{name}/undeprecate");

    /// <summary>List workflows.</summary>
    public static readonly ApiRoute Workflows = new("GET", "/api/v1/workflows");
    /// <summary>Start a workflow.</summary>
    public static readonly ApiRoute WorkflowStart = new("POST", "/api/v1/workflows");
    /// <summary>A workflow snapshot (long-poll with <c>?wait=</c>).</summary>
    public static readonly ApiRoute Workflow = new("GET", "/api/v1/workflows/{workflowId}");
    /// <summary>A workflow's history.</summary>
    public static readonly ApiRoute WorkflowHistory = new("GET", "/api/v1/workflows/{workflowId}/history");
    /// <summary>Cancel.</summary>
    public static readonly ApiRoute WorkflowCancel = new("POST", "/api/v1/workflows/{workflowId}/cancel");
    /// <summary>Terminate.</summary>
    public static readonly ApiRoute WorkflowTerminate = new("POST", "/api/v1/workflows/{workflowId}/terminate");
    /// <summary>Retry from the failed steps.</summary>
    public static readonly ApiRoute WorkflowRetry = new("POST", "/api/v1/workflows/{workflowId}/retry");
    /// <summary>Pause.</summary>
    public static readonly ApiRoute WorkflowPause = new("POST", "/api/v1/workflows/{workflowId}/pause");
    /// <summary>Resume.</summary>
    public static readonly ApiRoute WorkflowResume = new("POST", "/api/v1/workflows/{workflowId}/resume");
    /// <summary>Send a signal.</summary>
    public static readonly ApiRoute WorkflowSignal = new("POST", "/api/v1/workflows/{workflowId}/signals/{name}");
    /// <summary>Approve or reject an approval step.</summary>
    public static readonly ApiRoute WorkflowApproval = new("POST", "/api/v1/workflows/{workflowId}/approvals/{stepId}");
    /// <summary>Start a batch operation.</summary>
    public static readonly ApiRoute BatchStart = new("POST", "/api/v1/workflows/batch");
    /// <summary>A batch operation.</summary>
    public static readonly ApiRoute Batch = new("GET", "/api/v1/workflows/batch/{operationId}");

    /// <summary>List schedules.</summary>
    public static readonly ApiRoute Schedules = new("GET", "/api/v1/schedules");
    /// <summary>A schedule.</summary>
    public static readonly ApiRoute Schedule = new("GET", "/api/v1/schedules/{scheduleId}");
    /// <summary>Create or replace a schedule.</summary>
    public static readonly ApiRoute SchedulePut = new("PUT", "/api/v1/schedules/{scheduleId}");
    /// <summary>Delete a schedule.</summary>
    public static readonly ApiRoute ScheduleDelete = new("DELETE", "/api/v1/schedules/{scheduleId}");
    /// <summary>Pause a schedule.</summary>
    public static readonly ApiRoute SchedulePause = new("POST", "/api/v1/schedules/{scheduleId}/pause");
    /// <summary>Resume a schedule.</summary>
    public static readonly ApiRoute ScheduleResume = new("POST", "/api/v1/schedules/{scheduleId}/resume");
    /// <summary>Fire a schedule now.</summary>
    public static readonly ApiRoute ScheduleTrigger = new("POST", "/api/v1/schedules/{scheduleId}/trigger");

    /// <summary>List monitored services.</summary>
    public static readonly ApiRoute Services = new("GET", "/api/v1/services");
    /// <summary>A monitored service.</summary>
    public static readonly ApiRoute Service = new("GET", "/api/v1/services/{name}");
    /// <summary>Register or change a service.</summary>
    public static readonly ApiRoute ServicePut = new("PUT", "/api/v1/services/{name}");
    /// <summary>Delete a service.</summary>
    public static readonly ApiRoute ServiceDelete = new("DELETE", "/api/v1/services/{name}");
    /// <summary>A service's health history.</summary>
    public static readonly ApiRoute ServiceHealth = new("GET", "/api/v1/services/{name}/health");
    /// <summary>The dependency graph.</summary>
    public static readonly ApiRoute ServiceGraph = new("GET", "/api/v1/services/graph");
    /// <summary>Put a service into maintenance.</summary>
    public static readonly ApiRoute ServiceMaintenancePut = new("PUT", "/api/v1/services/{name}/maintenance");
    /// <summary>End a maintenance window.</summary>
    public static readonly ApiRoute ServiceMaintenanceDelete = new("DELETE", "/api/v1/services/{name}/maintenance");

    /// <summary>List alerts.</summary>
    public static readonly ApiRoute Alerts = new("GET", "/api/v1/alerts");
    /// <summary>An alert.</summary>
    public static readonly ApiRoute Alert = new("GET", "/api/v1/alerts/{id}");
    /// <summary>Acknowledge an alert.</summary>
    public static readonly ApiRoute AlertAcknowledge = new("POST", "/api/v1/alerts/{id}/acknowledge");
    /// <summary>Resolve an alert.</summary>
    public static readonly ApiRoute AlertResolve = new("POST", "/api/v1/alerts/{id}/resolve");

    /// <summary>List agents.</summary>
    public static readonly ApiRoute Agents = new("GET", "/api/v1/agents");
    /// <summary>An agent.</summary>
    public static readonly ApiRoute Agent = new("GET", "/api/v1/agents/{agentId}");
    /// <summary>Drain and remove an agent.</summary>
    public static readonly ApiRoute AgentDelete = new("DELETE", "/api/v1/agents/{agentId}");
    /// <summary>List capabilities and their queues.</summary>
    public static readonly ApiRoute Capabilities = new("GET", "/api/v1/capabilities");
    /// <summary>Set a capability's limits.</summary>
    public static readonly ApiRoute CapabilityLimits = new("PUT", "/api/v1/capabilities/{name}/limits");

    /// <summary>List users.</summary>
    public static readonly ApiRoute Users = new("GET", "/api/v1/users");
    /// <summary>Create a user.</summary>
    public static readonly ApiRoute UserCreate = new("POST", "/api/v1/users");
    /// <summary>A user.</summary>
    public static readonly ApiRoute User = new("GET", "/api/v1/users/{username}");
    /// <summary>Change a user.</summary>
    public static readonly ApiRoute UserPatch = new("PATCH", "/api/v1/users/{username}");
    /// <summary>Delete a user.</summary>
    public static readonly ApiRoute UserDelete = new("DELETE", "/api/v1/users/{username}");
    /// <summary>List roles.</summary>
    public static readonly ApiRoute Roles = new("GET", "/api/v1/roles");
    /// <summary>A role.</summary>
    public static readonly ApiRoute Role = new("GET", "/api/v1/roles/{name}");
    /// <summary>Create or replace a role.</summary>
    public static readonly ApiRoute RolePut = new("PUT", "/api/v1/roles/{name}");
    /// <summary>Delete a role.</summary>
    public static readonly ApiRoute RoleDelete = new("DELETE", "/api/v1/roles/{name}");
    /// <summary>List API keys.</summary>
    public static readonly ApiRoute ApiKeys = new("GET", "/api/v1/api-keys");
    /// <summary>Create an API key.</summary>
    public static readonly ApiRoute ApiKeyCreate = new("POST", "/api/v1/api-keys");
    /// <summary>Revoke an API key.</summary>
    public static readonly ApiRoute ApiKeyDelete = new("DELETE", "/api/v1/api-keys/{id}");

    /// <summary>Every route above.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = typeof(ApiRoutes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(field => field.FieldType == typeof(ApiRoute))
        .Select(field => (ApiRoute)field.GetValue(null)!)
        .ToArray();
}
