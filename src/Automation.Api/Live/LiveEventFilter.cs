using System.Security.Claims;
using Automation.Api.Contracts;
using Automation.Api.Security;
using Automation.Live;

namespace Automation.Api.Live;

/// <summary>
/// What one live connection is sent: the topics it asked for, narrowed by a workflow id or definition, and only what
/// its caller may read (workflows:read for the workflow's definition, alerts:read, services:read). Decided once per
/// change and connection, with the permission per definition cached.
/// </summary>
internal sealed class LiveEventFilter
{
    private readonly IReadOnlyList<PermissionGrant> _workflowGrants;
    private readonly Dictionary<string, bool> _definitions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private LiveEventFilter(LiveTopics topics, string? workflowId, string? definition, IReadOnlyList<PermissionGrant> workflowGrants)
    {
        Topics = topics;
        WorkflowId = workflowId;
        Definition = definition;
        _workflowGrants = workflowGrants;
    }

    /// <summary>The topics sent.</summary>
    public LiveTopics Topics { get; }

    /// <summary>Only this workflow's changes (workflow and approval topics), if set.</summary>
    public string? WorkflowId { get; }

    /// <summary>Only this definition's workflows (workflow and approval topics), if set.</summary>
    public string? Definition { get; }

    /// <summary>
    /// Reads the query. Omitted topics mean every topic the caller may read; a topic named explicitly that the caller
    /// may not read is refused (<paramref name="forbidden"/>), as is an unknown one (<paramref name="errors"/>).
    /// </summary>
    /// <param name="topics">The <c>topics</c> parameter: a comma-separated list.</param>
    /// <param name="workflowId">The <c>workflowId</c> parameter.</param>
    /// <param name="definition">The <c>definition</c> parameter.</param>
    /// <param name="principal">The caller.</param>
    /// <param name="errors">Bad parameters (field, reason).</param>
    /// <param name="forbidden">The permission missing for a topic asked for, if any.</param>
    /// <returns>The filter, or <see langword="null"/> when <paramref name="errors"/> or <paramref name="forbidden"/> is set.</returns>
    public static LiveEventFilter? TryCreate(
        string? topics, string? workflowId, string? definition, ClaimsPrincipal principal,
        out List<(string Field, string Message)> errors, out string? forbidden)
    {
        errors = [];
        forbidden = null;
        var grants = principal.Grants();
        var allowed = LiveTopics.None;
        if (grants.Any(g => g.CoversSome(Permissions.WorkflowsRead)))
        {
            allowed |= LiveTopics.Workflows | LiveTopics.Approvals;
        }

        if (grants.Any(g => g.CoversSome(Permissions.AlertsRead)))
        {
            allowed |= LiveTopics.Alerts;
        }

        if (grants.Any(g => g.CoversSome(Permissions.ServicesRead)))
        {
            allowed |= LiveTopics.Services;
        }

        var asked = LiveTopics.None;
        if (topics is null)
        {
            asked = allowed;
        }
        else
        {
            foreach (var name in topics.Split(','))
            {
                var topic = name switch
                {
                    "workflows" => LiveTopics.Workflows,
                    "alerts" => LiveTopics.Alerts,
                    "services" => LiveTopics.Services,
                    "approvals" => LiveTopics.Approvals,
                    _ => LiveTopics.None,
                };
                if (topic == LiveTopics.None)
                {
                    errors.Add(("topics", $"Unknown topic '{(name.Length > 40 ? name[..40] + "…" : name)}': use a comma-separated list of workflows, alerts, services and approvals."));
                    break;
                }

                asked |= topic;
            }

            if (errors.Count == 0 && (asked & ~allowed) is var missing and not LiveTopics.None)
            {
                forbidden = missing.HasFlag(LiveTopics.Workflows) || missing.HasFlag(LiveTopics.Approvals) ? Permissions.WorkflowsRead
                    : missing.HasFlag(LiveTopics.Alerts) ? Permissions.AlertsRead
                    : Permissions.ServicesRead;
            }
        }

        if (workflowId is not null && !ResourceNames.IsWorkflowId(workflowId))
        {
            errors.Add(("workflowId", $"Not a valid workflow id: {ResourceNames.WorkflowIdRule}."));
        }

        if (definition is not null && !ResourceNames.IsDefinitionName(definition))
        {
            errors.Add(("definition", $"Not a valid definition name: {ResourceNames.DefinitionNameRule}."));
        }

        if (errors.Count > 0 || forbidden is not null)
        {
            return null;
        }

        return new LiveEventFilter(asked, workflowId, definition, [.. grants.Where(g => g.CoversSome(Permissions.WorkflowsRead))]);
    }

    /// <summary>Whether the connection is sent <paramref name="change"/>.</summary>
    /// <param name="change">The change.</param>
    /// <returns><see langword="true"/> to send it.</returns>
    public bool Allows(LiveChange change) => change.Topic switch
    {
        LiveTopic.Workflow => Topics.HasFlag(change.IsApproval ? LiveTopics.Approvals : LiveTopics.Workflows)
            && (WorkflowId is null || WorkflowId == change.Id)
            && (Definition is null || Definition == change.Definition)
            && change.Definition is { } name && MayReadWorkflows(name),
        LiveTopic.Alert => Topics.HasFlag(LiveTopics.Alerts),
        LiveTopic.Service => Topics.HasFlag(LiveTopics.Services),
        _ => false,
    };

    private bool MayReadWorkflows(string definition)
    {
        lock (_lock)
        {
            if (!_definitions.TryGetValue(definition, out var may))
            {
                may = _workflowGrants.Any(g => g.Covers(Permissions.WorkflowsRead, definition));
                if (_definitions.Count < 1000)
                {
                    _definitions[definition] = may;
                }
            }

            return may;
        }
    }
}
