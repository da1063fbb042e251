using Automation.Events;
using Automation.Live;
using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>Approval waits already announced to the live feed by this activation (a step id each).</summary>
    private HashSet<string>? _announcedApprovals;

    /// <summary>Whether the definition has a <c>wait</c> step (computed on the first commit).</summary>
    private bool? _hasWaitSteps;

    /// <summary>Approvals that were waiting when the activation loaded: announced by an earlier activation.</summary>
    private void SeedAnnouncedApprovals()
    {
        foreach (var (stepId, step) in S.Steps)
        {
            if (step is { Status: StepStatus.Waiting, Awaiting.Approval: true })
            {
                (_announcedApprovals ??= new(StringComparer.Ordinal)).Add(stepId);
            }
        }
    }

    /// <summary>
    /// Hands the committed transition to the silo's live feed (an in-memory enqueue, best effort): the status, the
    /// history length as a version, the step the last event concerns, and one change per step that has just started
    /// waiting for an approval, with its approvers.
    /// </summary>
    /// <param name="events">The events the decision recorded.</param>
    private void PublishLive(List<WorkflowEvent> events)
    {
        var now = time.GetUtcNow();
        var sequence = S.HistoryLength;
        var status = S.Status.ToString();
        // Only a `wait` step can wait for an approval: most definitions have none, and skip the scan of every step.
        _hasWaitSteps ??= Definition.Steps.Any(s => s.Type == "wait");
        if (_hasWaitSteps == true)
        {
            foreach (var (stepId, step) in S.Steps)
            {
                if (step is { Status: StepStatus.Waiting, Awaiting: { Approval: true } wait }
                    && (_announcedApprovals ??= new(StringComparer.Ordinal)).Add(stepId))
                {
                    live.Publish(new LiveChange(LiveTopic.Workflow, Id, status, sequence, now)
                    {
                        Definition = S.Definition,
                        StepId = stepId,
                        StepStatus = nameof(StepStatus.Waiting),
                        Approvers = wait.Approvers,
                        Title = wait.Message,
                    });
                }
                else if (step.Status != StepStatus.Waiting)
                {
                    _announcedApprovals?.Remove(stepId);
                }
            }
        }

        var last = events.Count > 0 ? StepOf(events[^1]) : null;
        live.Publish(new LiveChange(LiveTopic.Workflow, Id, status, sequence, now)
        {
            Definition = S.Definition,
            StepId = last,
            StepStatus = last is not null && S.Steps.TryGetValue(last, out var changed) ? changed.Status.ToString() : null,
            Title = S.Status.IsTerminal() ? S.Error?.Message : null,
        });
    }

    private static string? StepOf(WorkflowEvent e) => e switch
    {
        StepScheduled x => x.StepId,
        StepStarted x => x.StepId,
        StepRetrying x => x.StepId,
        StepCompleted x => x.StepId,
        StepFailed x => x.StepId,
        StepSkipped x => x.StepId,
        StepCancelled x => x.StepId,
        StepWaitingForService x => x.StepId,
        ApprovalRecorded x => x.StepId,
        SignalReceived x => x.StepId,
        ChildStarted x => x.StepId,
        ChildFinished x => x.StepId,
        _ => null,
    };
}
