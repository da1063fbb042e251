using Automation.Tasks;

namespace Automation.Grains.Workflows;

/// <summary>Side effects decided by a state transition, carried out only after the new state is written.</summary>
internal sealed class WorkflowActions
{
    /// <summary>Task requests to send.</summary>
    public List<StepRequest> Dispatch { get; } = [];

    /// <summary>Steps whose task grains must stop.</summary>
    public List<string> Cancel { get; } = [];
}
