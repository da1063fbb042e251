using System.Text.Json;
using Automation.Definitions;

namespace Automation.Grains.Handlers;

/// <summary>A built-in step type.</summary>
internal interface IStepHandler
{
    /// <summary>The type name used in definitions.</summary>
    string Type { get; }

    /// <summary>Where the handler runs.</summary>
    StepExecutionMode Mode { get; }

    /// <summary>Whether the per-attempt <c>timeout</c> applies (it does not to <c>delay</c>).</summary>
    bool HasAttemptTimeout { get; }

    /// <summary>Checks the step's <c>with</c> at registration; templated strings are checked only for syntax here.</summary>
    void Validate(JsonElement with, string path, ICollection<ValidationError> errors);

    /// <summary>Runs one attempt. Returns failures as results; throws only on cancellation.</summary>
    Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
