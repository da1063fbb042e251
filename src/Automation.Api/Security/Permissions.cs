namespace Automation.Api.Security;

/// <summary>
/// Every permission the API knows. A grant (in a role or an API key) is a permission, optionally narrowed to the
/// resources whose name matches a pattern (<c>workflows:start:deploy-*</c>), or a wildcard (<c>workflows:*</c>, <c>*</c>).
/// </summary>
public static class Permissions
{
    /// <summary>Read definitions.</summary>
    public const string DefinitionsRead = "definitions:read";

    /// <summary>Register definition versions.</summary>
    public const string DefinitionsWrite = "definitions:write";

    /// <summary>Start workflows (narrowable by definition name).</summary>
    public const string WorkflowsStart = "workflows:start";

    /// <summary>Read workflows and their history (narrowable by definition name).</summary>
    public const string WorkflowsRead = "workflows:read";

    /// <summary>Cancel, terminate and pause workflows (narrowable by definition name).</summary>
    public const string WorkflowsCancel = "workflows:cancel";

    /// <summary>Send signals and approvals to workflows (narrowable by definition name).</summary>
    public const string WorkflowsSignal = "workflows:signal";

    /// <summary>Retry and resume workflows (narrowable by definition name).</summary>
    public const string WorkflowsRetry = "workflows:retry";

    /// <summary>Read schedules.</summary>
    public const string SchedulesRead = "schedules:read";

    /// <summary>Create, replace, delete, pause, resume and trigger schedules (with <see cref="WorkflowsStart"/> for the definition).</summary>
    public const string SchedulesWrite = "schedules:write";

    /// <summary>Read monitored services.</summary>
    public const string ServicesRead = "services:read";

    /// <summary>Register and change monitored services.</summary>
    public const string ServicesWrite = "services:write";

    /// <summary>Read alerts and their routes.</summary>
    public const string AlertsRead = "alerts:read";

    /// <summary>Acknowledge and resolve alerts, and set their routes.</summary>
    public const string AlertsWrite = "alerts:write";

    /// <summary>Register agents.</summary>
    public const string AgentsRegister = "agents:register";

    /// <summary>Pull and report agent tasks.</summary>
    public const string AgentsWork = "agents:work";

    /// <summary>Read agents, capabilities and their queues.</summary>
    public const string AgentsRead = "agents:read";

    /// <summary>Set capability limits; read and delete any principal's agents.</summary>
    public const string AgentsAdmin = "agents:admin";

    /// <summary>List workflow secrets (names and dates, never values).</summary>
    public const string SecretsRead = "secrets:read";

    /// <summary>Create, replace and delete workflow secrets.</summary>
    public const string SecretsWrite = "secrets:write";

    /// <summary>Read notification channels (never their secrets).</summary>
    public const string ChannelsRead = "channels:read";

    /// <summary>Create, replace and delete notification channels.</summary>
    public const string ChannelsWrite = "channels:write";

    /// <summary>Read and preview notification templates.</summary>
    public const string TemplatesRead = "templates:read";

    /// <summary>Store new notification template versions.</summary>
    public const string TemplatesWrite = "templates:write";

    /// <summary>Manage users, roles and API keys.</summary>
    public const string UsersAdmin = "users:admin";

    /// <summary>Read the audit trail.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>See the cluster's internals: the Orleans dashboard (grain state).</summary>
    public const string ClusterRead = "cluster:read";

    /// <summary>Change how the processes run without a restart: log levels.</summary>
    public const string SystemAdmin = "system:admin";

    /// <summary>Every permission, with what it allows.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DefinitionsRead] = "Read definitions.",
        [DefinitionsWrite] = "Register, deprecate and delete definition versions.",
        [WorkflowsStart] = "Start workflows.",
        [WorkflowsRead] = "Read workflows and their history.",
        [WorkflowsCancel] = "Cancel, terminate and pause workflows.",
        [WorkflowsSignal] = "Signal and approve workflows.",
        [WorkflowsRetry] = "Retry and resume workflows.",
        [SchedulesRead] = "Read schedules.",
        [SchedulesWrite] = "Create, replace, delete, pause, resume and trigger schedules (also needs workflows:start for the definition).",
        [ServicesRead] = "Read monitored services.",
        [ServicesWrite] = "Register and change monitored services.",
        [AlertsRead] = "Read alerts and their routes.",
        [AlertsWrite] = "Acknowledge and resolve alerts, and set their routes.",
        [AgentsRegister] = "Register agents.",
        [AgentsWork] = "Pull and report agent tasks (as an agent the caller registered).",
        [AgentsRead] = "Read agents, capabilities and their queues.",
        [AgentsAdmin] = "Set capability limits; delete any principal's agents.",
        [SecretsRead] = "List workflow secrets (never their values).",
        [SecretsWrite] = "Create, replace and delete workflow secrets.",
        [ChannelsRead] = "Read notification channels (never their secrets).",
        [ChannelsWrite] = "Create, replace and delete notification channels.",
        [TemplatesRead] = "Read and preview notification templates.",
        [TemplatesWrite] = "Store new notification template versions.",
        [UsersAdmin] = "Manage users, roles and API keys.",
        [AuditRead] = "Read the audit trail.",
        [ClusterRead] = "See the cluster's internals (Orleans dashboard, /health/details).",
        [SystemAdmin] = "Change how the processes run without a restart (log levels).",
    };
}
