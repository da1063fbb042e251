using System.Security.Claims;
using Automation.Api.Live;
using Automation.Api.Security;
using Automation.Live;

namespace Automation.Api.Tests.Live;

public sealed class LiveEventFilterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static ClaimsPrincipal Caller(params string[] permissions) =>
        new(new ClaimsIdentity(
            [new Claim(SecurityClaims.Subject, "ann"), .. permissions.Select(p => new Claim(SecurityClaims.Permission, p))],
            "test"));

    private static LiveChange Workflow(string id, string definition) => new(LiveTopic.Workflow, id, "Running", 1, At) { Definition = definition };

    private static LiveEventFilter Create(ClaimsPrincipal caller, string? topics = null, string? workflowId = null, string? definition = null)
    {
        var filter = LiveEventFilter.TryCreate(topics, workflowId, definition, caller, out var errors, out var forbidden);
        errors.Should().BeEmpty();
        forbidden.Should().BeNull();
        return filter!;
    }

    [Fact]
    public void Allows_WorkflowsReadNarrowedToADefinition_SendsOnlyThatDefinitionsWorkflows()
    {
        var filter = Create(Caller("workflows:read:deploy-*"));

        filter.Allows(Workflow("a", "deploy-web")).Should().BeTrue();
        filter.Allows(Workflow("b", "billing")).Should().BeFalse();
        filter.Allows(new LiveChange(LiveTopic.Alert, "x", "open", 0, At)).Should().BeFalse("the caller has no alerts:read");
        filter.Allows(new LiveChange(LiveTopic.Service, "s", "Healthy", 0, At)).Should().BeFalse("the caller has no services:read");
    }

    [Fact]
    public void Allows_TopicsAndWorkflowId_NarrowWhatIsSent()
    {
        var caller = Caller("*");
        var filter = Create(caller, topics: "workflows", workflowId: "a");
        var approvals = Create(caller, topics: "approvals");
        var approval = Workflow("a", "d") with { StepId = "ok", Approvers = [] };

        filter.Allows(Workflow("a", "d")).Should().BeTrue();
        filter.Allows(Workflow("b", "d")).Should().BeFalse();
        filter.Allows(approval).Should().BeFalse("approvals is not among the topics");
        filter.Allows(new LiveChange(LiveTopic.Alert, "x", "open", 0, At)).Should().BeFalse();
        approvals.Allows(approval).Should().BeTrue();
        approvals.Allows(Workflow("a", "d")).Should().BeFalse();
    }

    [Fact]
    public void Allows_DefinitionFilter_SendsOnlyItsWorkflows()
    {
        var filter = Create(Caller("workflows:read", "alerts:read"), definition: "billing");

        filter.Allows(Workflow("a", "billing")).Should().BeTrue();
        filter.Allows(Workflow("b", "deploy")).Should().BeFalse();
        filter.Allows(new LiveChange(LiveTopic.Alert, "x", "open", 0, At)).Should().BeTrue("the definition narrows workflows only");
    }

    [Fact]
    public void TryCreate_TopicWithoutItsPermission_IsForbiddenNamingThePermission()
    {
        var filter = LiveEventFilter.TryCreate("workflows,alerts", null, null, Caller("workflows:read"), out var errors, out var forbidden);

        filter.Should().BeNull();
        errors.Should().BeEmpty();
        forbidden.Should().Be(Permissions.AlertsRead);
    }

    [Fact]
    public void TryCreate_BadParameters_NameEachField()
    {
        var filter = LiveEventFilter.TryCreate("workflows,bogus", " bad id", "no/slash", Caller("*"), out var errors, out _);

        filter.Should().BeNull();
        errors.Select(e => e.Field).Should().Equal("topics", "workflowId", "definition");
    }

    [Fact]
    public void TryCreate_NoTopicsGiven_TakesEveryTopicTheCallerMayRead()
    {
        var filter = Create(Caller("services:read", "alerts:read"));

        filter.Topics.Should().Be(LiveTopics.Alerts | LiveTopics.Services);
    }
}
