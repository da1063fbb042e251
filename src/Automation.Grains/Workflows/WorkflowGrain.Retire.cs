using Automation.Workflows;

namespace Automation.Grains.Workflows;

/// <summary>
/// A finished workflow leaves memory <see cref="Hosting.EngineOptions.FinishedLinger"/> after it finished (or was
/// loaded finished), rather than after Orleans' idle collection age (15 minutes): a silo that finishes thousands of
/// workflows a second would otherwise hold every one of them for a quarter of an hour, and its garbage collector would
/// mark them all again and again. Its state is durable; a later read loads it again.
/// </summary>
internal sealed partial class WorkflowGrain
{
    /// <summary>How soon to look again when the linger ends while the activation still has work of its own.</summary>
    private static readonly TimeSpan RetireRetry = TimeSpan.FromSeconds(1);

    private IGrainTimer? _retireTimer;

    /// <summary>Arms the retirement of a finished workflow (once; a workflow that runs again is kept).</summary>
    private void RetireWhenFinished() => ArmRetire(options.Value.FinishedLinger);

    private void ArmRetire(TimeSpan after)
    {
        if (_retireTimer is not null || !S.Exists || !S.Status.IsTerminal())
        {
            return;
        }

        _retireTimer = this.RegisterGrainTimer(_ =>
        {
            _retireTimer?.Dispose();
            _retireTimer = null;
            if (!S.Status.IsTerminal())
            {
                return Task.CompletedTask; // it runs again (a rerun or a retry of the workflow): not finished after all
            }

            if (_followUp is not null || _inFlight is not null)
            {
                ArmRetire(RetireRetry); // its own follow-up turn or a write is still due
                return Task.CompletedTask;
            }

            DeactivateOnIdle(); // after the calls in progress (a read, a long-poll) have answered
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(after, Timeout.InfiniteTimeSpan));
    }
}
