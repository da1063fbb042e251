namespace Automation.Api.Live;

/// <summary>The topics a live connection asks for (<c>?topics=workflows,alerts,services,approvals</c>).</summary>
[Flags]
internal enum LiveTopics
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Workflow status and step changes.</summary>
    Workflows = 1,

    /// <summary>Alerts raised, acknowledged, resolved.</summary>
    Alerts = 2,

    /// <summary>Monitored services' status transitions.</summary>
    Services = 4,

    /// <summary>Steps that start waiting for an approval.</summary>
    Approvals = 8,

    /// <summary>Everything.</summary>
    All = Workflows | Alerts | Services | Approvals,
}
