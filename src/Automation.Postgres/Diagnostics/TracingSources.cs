namespace Automation.Postgres.Diagnostics;

/// <summary>The trace sources both hosts listen to (silo and API reference this project).</summary>
public static class TracingSources
{
    /// <summary>Orleans' spans of application grain calls (not its system calls: membership pings, directory).</summary>
    public const string OrleansApplication = "Microsoft.Orleans.Application";

    /// <summary>Orleans' spans of grain-state reads and writes (PostgreSQL).</summary>
    public const string OrleansStorage = "Microsoft.Orleans.Storage";

    /// <summary>Automation's own spans (a step attempt), <c>Automation.Grains.Diagnostics.AutomationTracing.SourceName</c>.</summary>
    public const string Automation = "Automation";
}
