namespace Automation.Api.Security;

/// <summary>The roles every installation has. Their permissions are fixed here; an admin can require MFA for them.</summary>
public static class BuiltInRoles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Runs workflows and services day to day; cannot manage users or read the audit trail.</summary>
    public const string Operator = "operator";

    /// <summary>Reads everything but secrets' values (which nobody reads) and the audit trail.</summary>
    public const string Viewer = "viewer";

    /// <summary>An external worker: registers and pulls tasks.</summary>
    public const string Agent = "agent";

    /// <summary>The built-in roles and their grants.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Admin] = ["*"],
        [Operator] =
        [
            "definitions:*", "workflows:*", "schedules:*", "services:*", "alerts:*", "agents:register", "agents:read", "secrets:*", "channels:*", "templates:*",
        ],
        [Viewer] = [Permissions.DefinitionsRead, Permissions.WorkflowsRead, Permissions.SchedulesRead, Permissions.ServicesRead, Permissions.AlertsRead, Permissions.AgentsRead, Permissions.SecretsRead, Permissions.ChannelsRead, Permissions.TemplatesRead],
        [Agent] = [Permissions.AgentsRegister, Permissions.AgentsWork],
    };
}
