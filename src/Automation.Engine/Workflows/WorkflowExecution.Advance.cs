using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Tasks;
using Automation.Templates;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>
    /// Moves the workflow forward as far as it can without I/O: activates every ready step through its kind, skips
    /// steps that can no longer run, and completes or fails the workflow.
    /// </summary>
    private void Advance(DateTimeOffset now)
    {
        if (_state.Status == WorkflowStatus.Paused)
        {
            // Paused: nothing new is activated; a workflow whose last running step just finished still completes.
            CompleteIfDone(now);
            return;
        }

        bool progressed;
        do
        {
            progressed = false;
            foreach (var step in _definition.Steps)
            {
                var st = _state.Steps[step.Id];
                if (_state.Status != WorkflowStatus.Running || st.Status != StepStatus.Pending)
                {
                    continue;
                }

                switch (Readiness(step, out var reason))
                {
                    case StepReadiness.Blocked:
                        continue;
                    case StepReadiness.Skip:
                        Skip(step.Id, st, reason, now);
                        progressed = true;
                        continue;
                }

                switch (Condition(step, st, now))
                {
                    case false:
                        Skip(step.Id, st, SkipReasons.Condition, now);
                        progressed = true;
                        continue;
                    case null:
                        continue; // the condition failed the step, and so the workflow
                }

                progressed |= Activate(step, st, now);
            }
        }
        while (progressed && _state.Status == WorkflowStatus.Running);

        CompleteIfDone(now);
    }

    private void CompleteIfDone(DateTimeOffset now)
    {
        if (_state.Status.IsActive() && _state.Steps.Values.All(s => s.Status is StepStatus.Completed or StepStatus.Skipped))
        {
            CompleteWorkflow(now);
        }
    }

    /// <summary>Schedules a ready step and lets its kind decide; returns whether it completed at once.</summary>
    private bool Activate(StepDefinition step, StepState st, DateTimeOffset now)
    {
        st.ScheduledAt = now;
        Append(seq => new StepScheduled(seq, now, step.Id));
        if (!TryRender(step, out var with, out var error))
        {
            FailStep(step.Id, st, st.AttemptsFinished + 1, error, now);
            return false;
        }

        return Settle(step, st, _kinds.Get(step.Type).Activate(new StepActivationContext(_workflowId, step, with, now) { Scope = Scope() }), now, with);
    }

    /// <summary>Carries out what a step kind decided (on activation or on waking); returns whether the step completed.</summary>
    private bool Settle(StepDefinition step, StepState st, StepActivation activation, DateTimeOffset now, JsonElement? with = null, bool woken = false)
    {
        switch (activation)
        {
            case StepActivation.RunTaskActivation:
                JsonElement args;
                if (with is { } given)
                {
                    args = given;
                }
                else if (!TryRender(step, out args, out var error))
                {
                    FailStep(step.Id, st, st.AttemptsFinished + 1, error, now);
                    return false;
                }

                st.Status = StepStatus.Running;
                st.WakeAt = null;
                _decision.Dispatch.Add(Request(step, st, args));
                _decision.MarkChanged(); // "attempt n dispatched" is written before the request is sent
                return false;
            case StepActivation.CompleteActivation complete:
            {
                // One attempt, numbered after any of an earlier run (a retried workflow).
                var attempt = st.AttemptsFinished + 1;
                Append(seq => new StepStarted(seq, st.ScheduledAt ?? now, step.Id, attempt));
                st.AttemptsFinished = attempt;
                st.WakeAt = null;
                CompleteStep(step.Id, st, attempt, complete.Output, now);
                return true;
            }

            case StepActivation.FailActivation fail:
            {
                var attempt = st.AttemptsFinished + 1;
                Append(seq => new StepStarted(seq, st.ScheduledAt ?? now, step.Id, attempt));
                st.WakeAt = null;
                FailStep(step.Id, st, attempt, fail.Error, now);
                return false;
            }

            case StepActivation.RunChildrenActivation children:
                if (with is { } rendered)
                {
                    _memo?.With[(step.Id, st.Children?.Run ?? 1)] = rendered;
                }

                return RunChildren(step, st, children.Plan, now);
            case StepActivation.WaitActivation wait when wait.At <= now && !woken:
                // Already due (e.g. a zero delay): wake it in this same turn rather than arming a timer.
                return Settle(step, st, _kinds.Get(step.Type).Wake(new StepWakeContext(_workflowId, step, wait.At, now)), now, woken: true);
            case StepActivation.WaitActivation wait:
                st.Status = StepStatus.Waiting;
                st.WakeAt = wait.At;
                return false;
            case StepActivation.WaitForActivation waitFor when waitFor.Wait.Signal is { } name
                && _state.Signals.FindIndex(s => s.Name == name) is var buffered and >= 0:
                // The signal arrived before the step was reached: take it now.
                var signal = _state.Signals[buffered];
                _state.Signals.RemoveAt(buffered);
                return Settle(step, st, StepActivation.Complete(signal.Payload), now);
            case StepActivation.WaitForActivation waitFor:
                st.Status = StepStatus.Waiting;
                st.WakeAt = waitFor.Wait.TimeoutAt;
                st.Awaiting = waitFor.Wait;
                _decision.MarkChanged();
                return false;
            default:
                throw new InvalidOperationException($"Step kind '{step.Type}' returned an activation the engine does not know.");
        }
    }

    /// <summary>
    /// Blocked while a dependency is not final; skipped when a completed branching dependency (<c>switch</c>) routes
    /// to this step but did not take its branch, or when every dependency was skipped; otherwise ready.
    /// </summary>
    private StepReadiness Readiness(StepDefinition step, out string reason)
    {
        var anyCompleted = false;
        var notTaken = false;
        reason = SkipReasons.Dependencies;
        foreach (var dep in step.DependsOn)
        {
            var depState = _state.Steps[dep];
            switch (depState.Status)
            {
                case StepStatus.Completed when !TakesBranch(_definition.FindStep(dep)!, depState, step.Id):
                    notTaken = true;
                    break;
                case StepStatus.Completed:
                    anyCompleted = true;
                    break;
                case StepStatus.Skipped:
                    break;
                default:
                    return StepReadiness.Blocked;
            }
        }

        if (notTaken)
        {
            reason = SkipReasons.Branch;
            return StepReadiness.Skip;
        }

        return anyCompleted || step.DependsOn.Count == 0 ? StepReadiness.Ready : StepReadiness.Skip;
    }

    /// <summary>Whether a completed step lets <paramref name="stepId"/> run: true unless it branches to it and chose another branch.</summary>
    private bool TakesBranch(StepDefinition dep, StepState depState, string stepId)
    {
        var kind = _kinds.Get(dep.Type);
        if (!kind.Routes(dep.With, "$").Any(r => r.StepId == stepId))
        {
            return true;
        }

        return depState.Output is { ValueKind: JsonValueKind.Object } output && output.TryGetProperty("branch", out var branch)
            && branch.ValueKind == JsonValueKind.Array && branch.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == stepId);
    }

    /// <summary>Evaluates the step's <c>when</c>: true/false, or null when it failed the step (and the workflow).</summary>
    private bool? Condition(StepDefinition step, StepState st, DateTimeOffset now)
    {
        if (step.When is not { } when)
        {
            return true;
        }

        JsonElement rendered;
        try
        {
            rendered = JsonTemplate.Render(JsonSerializer.SerializeToElement(when), Scope());
        }
        catch (TemplateException ex)
        {
            FailStep(step.Id, st, st.AttemptsFinished + 1, new StepError("condition", $"Condition \"{when}\": {ex.Message}", Retryable: false), now);
            return null;
        }

        if (!Conditions.TryRead(rendered, out var holds))
        {
            FailStep(step.Id, st, st.AttemptsFinished + 1, new StepError(
                "condition", $"Condition \"{when}\" must render true or false, not {Conditions.Describe(rendered)}.", Retryable: false), now);
            return null;
        }

        return holds;
    }

    private void Skip(string stepId, StepState st, string reason, DateTimeOffset now)
    {
        st.Status = StepStatus.Skipped;
        st.CompletedAt = now;
        Append(seq => new StepSkipped(seq, now, stepId, reason));
    }

    private void CompleteStep(string stepId, StepState st, int attempt, JsonElement? output, DateTimeOffset at)
    {
        st.Status = StepStatus.Completed;
        st.Output = output;
        st.Error = null;
        st.NextAttemptAt = null;
        st.Awaiting = null;
        st.ServiceWait = null;
        st.CompletedAt = at;
        Append(seq => new StepCompleted(seq, at, stepId, attempt));
    }

    private void FailStep(string stepId, StepState st, int attempt, StepError error, DateTimeOffset now)
    {
        st.Status = StepStatus.Failed;
        st.AttemptsFinished = Math.Max(st.AttemptsFinished, attempt);
        st.Error = error;
        st.NextAttemptAt = null;
        st.WakeAt = null;
        st.Awaiting = null;
        st.ServiceWait = null;
        st.CompletedAt = now;
        Append(seq => new StepFailed(seq, now, stepId, attempt, error));
        FailWorkflow(error with { Message = $"Step '{stepId}' failed: {error.Message}" }, now);
    }

    private void FailWorkflow(StepError error, DateTimeOffset now, WorkflowStatus status = WorkflowStatus.Failed)
    {
        StopSteps(StepStatus.Skipped, SkipReasons.WorkflowFailed, now);
        _state.Status = status;
        _state.Error = error;
        _state.CompletedAt = now;
        Append(seq => status == WorkflowStatus.TimedOut ? new WorkflowTimedOut(seq, now, error) : new WorkflowFailed(seq, now, error));
    }

    private void CompleteWorkflow(DateTimeOffset now)
    {
        JsonElement output;
        if (_definition.Output is { } template)
        {
            try
            {
                output = JsonTemplate.Render(template, Scope());
            }
            catch (TemplateException ex)
            {
                FailWorkflow(new StepError("template", $"Workflow output: {ex.Message}", Retryable: false), now);
                return;
            }
        }
        else
        {
            // Without an output mapping, the output is the outputs of the final steps (those nothing depends on).
            var leaves = _definition.Steps.Where(s => !_definition.Steps.Any(o => o.DependsOn.Contains(s.Id)));
            output = JsonSerializer.SerializeToElement(leaves.ToDictionary(s => s.Id, s => _state.Steps[s.Id].Output));
        }

        _state.Status = WorkflowStatus.Completed;
        _state.Output = output;
        _state.CompletedAt = now;
        Append(seq => new WorkflowCompleted(seq, now));
    }

    private bool TryRender(StepDefinition step, out JsonElement with, out StepError error)
    {
        try
        {
            // Secrets render as placeholders (the engine never sees a value), and only where the step's own template
            // writes them: a placeholder that arrived with workflow data fails the step.
            with = JsonTemplate.RenderStepArguments(step.With, Scope(), _kinds.Get(step.Type).RawArguments);
            error = null!;
            return true;
        }
        catch (TemplateException ex)
        {
            with = default;
            error = new StepError("template", ex.Message, Retryable: false);
            return false;
        }
    }

    /// <summary>What templates read; its step outputs are a view of the state as it is when read: use it at once.</summary>
    private TemplateScope Scope() => new(
        _state.Input,
        new CompletedStepOutputs(_state.Steps),
        _workflowId,
        _state.Definition,
        _state.Version);

    /// <summary>The request for the step's next attempt; the state records it as dispatched in the same write.</summary>
    private StepRequest Request(StepDefinition step, StepState st, JsonElement with) =>
        new(_workflowId, step.Id, step.Type, with, step.Retry, step.Timeout, st.ScheduledAt ?? _state.CreatedAt, st.AttemptsFinished + 1)
        {
            Agent = step.Agent,
        };
}
