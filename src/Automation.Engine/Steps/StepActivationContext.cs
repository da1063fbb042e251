using System.Text.Json;
using Automation.Definitions;
using Automation.Templates;

namespace Automation.Engine.Steps;

/// <summary>What a step kind sees when its step becomes ready.</summary>
/// <param name="WorkflowId">The workflow instance id.</param>
/// <param name="Step">The step's definition.</param>
/// <param name="With">The step's arguments with templates rendered.</param>
/// <param name="Now">The engine's current time.</param>
public sealed record StepActivationContext(string WorkflowId, StepDefinition Step, JsonElement With, DateTimeOffset Now)
{
    /// <summary>
    /// The data the step's templates read (input, completed step outputs, workflow identity), for kinds that render
    /// their <see cref="IStepKind.RawArguments"/> themselves; null when the engine did not supply it. Its step outputs
    /// are a view of the workflow's live state: read them during <see cref="IStepKind.Activate"/> only, never keep them
    /// or read them from another thread.
    /// </summary>
    public TemplateScope? Scope { get; init; }
}
