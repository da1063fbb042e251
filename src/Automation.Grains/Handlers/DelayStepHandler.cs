using System.Text.Json;
using Automation.Engine.Execution;

namespace Automation.Grains.Handlers;

/// <summary>Runs <c>delay</c> steps: a durable timer. It fires at dispatch time + <c>with.duration</c>, so a restart resumes the remaining wait rather than starting over.</summary>
internal sealed class DelayStepHandler(TimeProvider time) : IStepHandler
{
    private static readonly TimeSpan MaxSlice = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public string Type => "delay";

    /// <inheritdoc />
    public bool HasAttemptTimeout => false;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var text = context.With.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (!Duration.TryParse(text, out var duration))
        {
            return StepResult.Failure("invalid-input", $"with.duration '{text}' is not a duration such as \"30s\".", retryable: false);
        }

        var firesAt = context.ScheduledAt + duration;
        // Task.Delay is limited to ~49 days, so long waits go in slices.
        for (var remaining = firesAt - time.GetUtcNow(); remaining > TimeSpan.Zero; remaining = firesAt - time.GetUtcNow())
        {
            await Task.Delay(remaining < MaxSlice ? remaining : MaxSlice, time, cancellationToken);
        }

        return StepResult.Success(JsonSerializer.SerializeToElement(new { firedAt = firesAt }));
    }

}
