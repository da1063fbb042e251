using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    // Progress is shown, not recorded: it lives as long as the activation (the next heartbeat brings it back).
    private readonly Dictionary<string, (int Attempt, StepProgress Progress)> _progress = new(StringComparer.Ordinal);

    Task<bool> IWorkflowGrain.ReportProgressAsync(string stepId, int attempt, StepProgress progress)
    {
        // Interleaved: reads memory only, and what it reads is the state as last decided (a write in flight may be
        // about to cancel the step; the next heartbeat sees that).
        var current = S.Exists && S.Status.IsActive() && S.Steps.TryGetValue(stepId, out var st)
            && st.Status == StepStatus.Running && st.AttemptsFinished + 1 == attempt;
        if (current)
        {
            _progress[stepId] = (attempt, progress);
        }
        else
        {
            _progress.Remove(stepId);
        }

        return Task.FromResult(current);
    }
}
