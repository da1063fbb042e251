using System.Text.Json;
using Automation.Workflows;

namespace Automation.Abstractions.Tests.Workflows;

/// <summary>Reading a start's status and definition from a brief answer or from a silo that predates it.</summary>
public sealed class StartWorkflowResultTests
{
    [Fact]
    public void ResultFromASiloThatPredatesStatus_ReadsStatusAndDefinitionFromTheSnapshot()
    {
        // What this version's API receives from a silo that does not know Brief (a rolling upgrade): the snapshot only.
        var input = JsonDocument.Parse("{}").RootElement.Clone();
        var snapshot = new WorkflowSnapshot("wf", "old-silo", 1, WorkflowStatus.Running, input, null, null, [], DateTimeOffset.UnixEpoch, null);

        var result = new StartWorkflowResult(StartWorkflowOutcome.Started, snapshot);

        result.StatusNow.Should().Be(WorkflowStatus.Running);
        result.DefinitionName.Should().Be("old-silo");
    }

    [Fact]
    public void BriefResult_ReadsStatusAndDefinitionFromItsOwnFields()
    {
        var result = new StartWorkflowResult(StartWorkflowOutcome.AlreadyExists, null, Status: WorkflowStatus.Failed, Definition: "new-silo");

        result.StatusNow.Should().Be(WorkflowStatus.Failed);
        result.DefinitionName.Should().Be("new-silo");
    }
}
