using System.Text.Json;
using Automation.Agents;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>agent</c>: a task for an external agent with the capability, queued by priority. It runs as a task: the task
/// grain queues it, and the queue reports the agent's result (or a queue, run or heartbeat timeout) as the attempt's outcome.
/// </summary>
public sealed class AgentStepKind : IStepKind
{
    /// <summary>The step type.</summary>
    public const string TypeName = "agent";

    private static readonly string[] Allowed = ["capability", "input"];

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, Allowed);
        if (!with.TryGetProperty("capability", out var capability))
        {
            errors.Add(new ValidationError($"{path}.capability", "Required: the capability an agent must have to run the task, such as \"docs.render\"."));
        }
        else if (capability.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.capability", $"Must be a string, not {JsonChecks.Describe(capability)}."));
        }
        else if (!AgentNames.IsCapability(capability.GetString()))
        {
            errors.Add(new ValidationError($"{path}.capability", $"'{capability.GetString()}' is not a valid capability: {AgentNames.CapabilityRule} (no templates: it names a queue)."));
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) => StepActivation.RunTask;
}
