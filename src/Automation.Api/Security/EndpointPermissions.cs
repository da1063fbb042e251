namespace Automation.Api.Security;

/// <summary>
/// The one table of who may call each <c>/api/v1</c> endpoint, by operation id (the endpoint's name, as in the
/// OpenAPI document). An endpoint missing from this table stops the API from starting
/// (<see cref="EndpointPermissionConventions"/>), so a new endpoint cannot ship unprotected.
/// </summary>
public static class EndpointPermissions
{
    /// <summary>The table.</summary>
    public static IReadOnlyDictionary<string, EndpointAccess> Table { get; } = new Dictionary<string, EndpointAccess>(StringComparer.Ordinal)
    {
        // Signing in.
        ["CreateToken"] = EndpointAccess.Public,
        ["RefreshToken"] = EndpointAccess.Public,

        // The caller's own account.
        ["Logout"] = EndpointAccess.Authenticated,
        ["GetCurrentUser"] = EndpointAccess.Authenticated,
        ["ChangePassword"] = EndpointAccess.Authenticated,
        ["EnrolMfa"] = EndpointAccess.Authenticated,
        ["ConfirmMfa"] = EndpointAccess.Authenticated,
        ["DisableMfa"] = EndpointAccess.Authenticated,
        ["GetMyPreferences"] = EndpointAccess.Authenticated,
        ["PutMyPreferences"] = EndpointAccess.Authenticated,

        // Live changes: each connection gets only what its caller may read (workflows:read per definition,
        // alerts:read, services:read); the endpoint refuses a topic asked for without its permission.
        ["StreamEvents"] = EndpointAccess.Authenticated,

        // Definitions.
        ["PutDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),
        ["ValidateDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),
        ["ListDefinitions"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
        ["GetDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
        ["GetDefinitionVersion"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
        // Narrowable per definition (definitions:read:deploy-*): the endpoints check the name.
        ["ListDefinitionVersions"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
        ["DiffDefinitionVersions"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
        ["DeprecateDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),
        ["UndeprecateDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),
        ["DeleteDefinitionVersion"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),
        ["DeleteDefinition"] = EndpointAccess.Requires(Permissions.DefinitionsWrite),

        // Workflows (narrowable by definition name; the endpoints check the resource).
        ["StartWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsStart),
        ["ListWorkflows"] = EndpointAccess.Requires(Permissions.WorkflowsRead),
        ["CountWorkflows"] = EndpointAccess.Requires(Permissions.WorkflowsRead),
        ["GetWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsRead),
        ["GetWorkflowHistory"] = EndpointAccess.Requires(Permissions.WorkflowsRead),
        ["CancelWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsCancel),
        ["TerminateWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsCancel),
        ["PauseWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsCancel),
        ["RetryWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsRetry),
        ["ResumeWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsRetry),
        // The permission depends on the action in the body (cancel, terminate, pause: workflows:cancel; retry, resume:
        // workflows:retry), for every definition or the one the filter names: the endpoint checks it.
        ["StartBatchOperation"] = EndpointAccess.Authenticated,
        ["GetBatchOperation"] = EndpointAccess.Requires(Permissions.WorkflowsRead),
        ["SignalWorkflow"] = EndpointAccess.Requires(Permissions.WorkflowsSignal),
        ["ApproveWorkflowStep"] = EndpointAccess.Requires(Permissions.WorkflowsSignal),

        // Schedules (put and trigger also check workflows:start for the schedule's definition).
        ["PutSchedule"] = EndpointAccess.Requires(Permissions.SchedulesWrite),
        ["ListSchedules"] = EndpointAccess.Requires(Permissions.SchedulesRead),
        ["GetSchedule"] = EndpointAccess.Requires(Permissions.SchedulesRead),
        ["DeleteSchedule"] = EndpointAccess.Requires(Permissions.SchedulesWrite),
        ["PauseSchedule"] = EndpointAccess.Requires(Permissions.SchedulesWrite),
        ["ResumeSchedule"] = EndpointAccess.Requires(Permissions.SchedulesWrite),
        ["TriggerSchedule"] = EndpointAccess.Requires(Permissions.SchedulesWrite),

        // Agents: only the principal that registered an agent may act as it (the endpoints check the owner); an
        // agents:admin may also delete it.
        ["RegisterAgent"] = EndpointAccess.Requires(Permissions.AgentsRegister),
        ["ListAgents"] = EndpointAccess.Requires(Permissions.AgentsRead),
        ["GetAgent"] = EndpointAccess.Requires(Permissions.AgentsRead),
        ["DeleteAgent"] = EndpointAccess.Requires(Permissions.AgentsRegister),
        ["PollAgentTasks"] = EndpointAccess.Requires(Permissions.AgentsWork),
        ["HeartbeatTask"] = EndpointAccess.Requires(Permissions.AgentsWork),
        ["CompleteTask"] = EndpointAccess.Requires(Permissions.AgentsWork),
        ["FailTask"] = EndpointAccess.Requires(Permissions.AgentsWork),
        ["ListCapabilities"] = EndpointAccess.Requires(Permissions.AgentsRead),
        ["PutCapabilityLimits"] = EndpointAccess.Requires(Permissions.AgentsAdmin),

        // Monitored services (a workflow probe's put also checks workflows:start for its definition).
        ["ListServices"] = EndpointAccess.Requires(Permissions.ServicesRead),
        ["GetServiceGraph"] = EndpointAccess.Requires(Permissions.ServicesRead),
        ["PutService"] = EndpointAccess.Requires(Permissions.ServicesWrite),
        ["GetService"] = EndpointAccess.Requires(Permissions.ServicesRead),
        ["DeleteService"] = EndpointAccess.Requires(Permissions.ServicesWrite),
        ["GetServiceHealth"] = EndpointAccess.Requires(Permissions.ServicesRead),
        ["PutServiceMaintenance"] = EndpointAccess.Requires(Permissions.ServicesWrite),
        ["DeleteServiceMaintenance"] = EndpointAccess.Requires(Permissions.ServicesWrite),

        // Alerts (writes go through the alert manager grain).
        ["ListAlerts"] = EndpointAccess.Requires(Permissions.AlertsRead),
        ["GetAlert"] = EndpointAccess.Requires(Permissions.AlertsRead),
        ["GetAlertRoutes"] = EndpointAccess.Requires(Permissions.AlertsRead),
        ["PutAlertRoutes"] = EndpointAccess.Requires(Permissions.AlertsWrite),
        ["AcknowledgeAlert"] = EndpointAccess.Requires(Permissions.AlertsWrite),
        ["ResolveAlert"] = EndpointAccess.Requires(Permissions.AlertsWrite),

        // Workflow secrets (values are never returned).
        ["PutSecret"] = EndpointAccess.Requires(Permissions.SecretsWrite),
        ["DeleteSecret"] = EndpointAccess.Requires(Permissions.SecretsWrite),
        ["ListSecrets"] = EndpointAccess.Requires(Permissions.SecretsRead),
        ["GetSecret"] = EndpointAccess.Requires(Permissions.SecretsRead),

        // Notification channels (secrets never returned).
        ["PutChannel"] = EndpointAccess.Requires(Permissions.ChannelsWrite),
        ["DeleteChannel"] = EndpointAccess.Requires(Permissions.ChannelsWrite),
        ["ListChannels"] = EndpointAccess.Requires(Permissions.ChannelsRead),
        ["GetChannel"] = EndpointAccess.Requires(Permissions.ChannelsRead),

        // Notification templates.
        ["PutTemplate"] = EndpointAccess.Requires(Permissions.TemplatesWrite),
        ["ListTemplates"] = EndpointAccess.Requires(Permissions.TemplatesRead),
        ["GetTemplate"] = EndpointAccess.Requires(Permissions.TemplatesRead),
        ["RenderTemplate"] = EndpointAccess.Requires(Permissions.TemplatesRead),

        // Run-time operation of the processes.
        ["GetLogLevels"] = EndpointAccess.Requires(Permissions.SystemAdmin),
        ["PutLogLevel"] = EndpointAccess.Requires(Permissions.SystemAdmin),
        ["DeleteLogLevel"] = EndpointAccess.Requires(Permissions.SystemAdmin),
        ["GetSystemOverview"] = EndpointAccess.Requires(Permissions.ClusterRead),

        // The console's home page: every signed-in principal; each section is left out without its read permission.
        ["GetDashboard"] = EndpointAccess.Authenticated,

        // Users, roles, API keys.
        ["ListUsers"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["CreateUser"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["GetUser"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["UpdateUser"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["DeleteUser"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["ListRoles"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["GetRole"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["PutRole"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["DeleteRole"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["ListPermissions"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["CreateApiKey"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["ListApiKeys"] = EndpointAccess.Requires(Permissions.UsersAdmin),
        ["DeleteApiKey"] = EndpointAccess.Requires(Permissions.UsersAdmin),

        // Audit trail.
        ["ListAudit"] = EndpointAccess.Requires(Permissions.AuditRead),
    };
}
