using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>wait</c>: waits inside the workflow for a signal (<c>with.signal</c>) or an approval (<c>with.approval</c>),
/// with no task grain. A signal's payload, or <c>{ approved, by, comment, at }</c>, becomes the output. With a
/// step-level <c>timeout</c> the wait is also a durable timer; on timeout <c>onTimeout</c> decides: fail with
/// <c>wait.timeout</c> (the default) or complete with <c>onTimeout.output</c>.
/// </summary>
public sealed class WaitStepKind : IStepKind
{
    /// <summary>The error type of a wait that timed out.</summary>
    public const string TimeoutError = "wait.timeout";

    /// <inheritdoc />
    public string Type => "wait";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "signal", "approval");
        var hasSignal = with.TryGetProperty("signal", out var signal);
        var hasApproval = with.TryGetProperty("approval", out var approval);
        if (hasSignal == hasApproval)
        {
            errors.Add(new ValidationError(path, "Set exactly one of 'signal' (a signal name) or 'approval' ({ \"approvers\": [...], \"message\": \"...\" })."));
            return;
        }

        if (hasSignal && (signal.ValueKind != JsonValueKind.String || !DefinitionParser.NamePattern().IsMatch(signal.GetString()!)))
        {
            errors.Add(new ValidationError($"{path}.signal", "Must be a signal name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters (not a template)."));
        }

        if (!hasApproval)
        {
            return;
        }

        if (approval.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError($"{path}.approval", $"Must be an object with optional 'approvers' and 'message', not {JsonChecks.Describe(approval)}."));
            return;
        }

        JsonChecks.RejectUnknown(approval, $"{path}.approval", errors, "approvers", "message");
        JsonChecks.OptionalString(approval, "message", $"{path}.approval", errors);
        if (approval.TryGetProperty("approvers", out var approvers) && approvers.ValueKind != JsonValueKind.Null)
        {
            if (approvers.ValueKind != JsonValueKind.Array || approvers.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String || JsonChecks.IsTemplate(a) || a.GetString()!.Length == 0))
            {
                errors.Add(new ValidationError($"{path}.approval.approvers", "Must be an array of usernames or \"role:NAME\" strings (not templates)."));
            }
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        DateTimeOffset? timeoutAt = context.Step.DeclaredTimeout is { } timeout ? context.Now + timeout : null;
        if (context.With.TryGetProperty("signal", out var signal))
        {
            return StepActivation.WaitFor(new StepWait(signal.GetString(), Approval: false, [], null, timeoutAt));
        }

        var approval = context.With.GetProperty("approval");
        IReadOnlyList<string> approvers = approval.TryGetProperty("approvers", out var a) && a.ValueKind == JsonValueKind.Array
            ? [.. a.EnumerateArray().Select(e => e.GetString()!)]
            : [];
        var message = approval.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return StepActivation.WaitFor(new StepWait(null, Approval: true, approvers, message, timeoutAt));
    }

    /// <inheritdoc />
    public StepActivation Wake(StepWakeContext context)
    {
        if (context.Step.OnTimeout is { } onTimeout && onTimeout.TryGetProperty("output", out var output))
        {
            return StepActivation.Complete(output.Clone());
        }

        var what = context.Step.With.TryGetProperty("signal", out var signal) ? $"signal '{signal.GetString()}'" : "approval decision";
        var after = context.Step.DeclaredTimeout is { } t ? $" after {Duration.Format(t)}" : "";
        return StepActivation.Fail(new StepError(TimeoutError, $"No {what} arrived{after}.", Retryable: false));
    }
}
