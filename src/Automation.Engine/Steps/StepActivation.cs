using System.Text.Json;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>What a step kind decided for a ready step.</summary>
public abstract record StepActivation
{
    private StepActivation()
    {
    }

    /// <summary>Dispatch the step to its task grain, which runs the executor with retries and timeouts.</summary>
    public static StepActivation RunTask { get; } = new RunTaskActivation();

    /// <summary>The step finished inside the workflow's turn with this output (pure kinds such as <c>transform</c>).</summary>
    /// <param name="output">The step output.</param>
    /// <returns>The activation.</returns>
    public static StepActivation Complete(JsonElement output) => new CompleteActivation(output);

    /// <summary>The step failed inside the workflow's turn; no retry applies.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The activation.</returns>
    public static StepActivation Fail(StepError error) => new FailActivation(error);

    /// <summary>The step waits inside the workflow until <paramref name="at"/> (a durable timer); then the kind's <see cref="IStepKind.Wake"/> decides.</summary>
    /// <param name="at">When to wake the step.</param>
    /// <returns>The activation.</returns>
    public static StepActivation WaitUntil(DateTimeOffset at) => new WaitActivation(at);

    /// <summary>The step waits inside the workflow for a signal or an approval, until its timeout if it has one (then <see cref="IStepKind.Wake"/> decides).</summary>
    /// <param name="wait">What it waits for.</param>
    /// <returns>The activation.</returns>
    public static StepActivation WaitFor(StepWait wait) => new WaitForActivation(wait);

    /// <summary>The step runs child workflows (<c>workflow</c>, <c>foreach</c>, <c>parallel</c>); the kind implements <see cref="IChildStepKind"/>.</summary>
    /// <param name="plan">How many children, how many at once, and how they finish the step.</param>
    /// <returns>The activation.</returns>
    public static StepActivation RunChildren(ChildPlan plan) => new RunChildrenActivation(plan);

    /// <summary>See <see cref="RunChildren"/>.</summary>
    /// <param name="Plan">The plan.</param>
    public sealed record RunChildrenActivation(ChildPlan Plan) : StepActivation;

    /// <summary>See <see cref="WaitFor"/>.</summary>
    /// <param name="Wait">What the step waits for.</param>
    public sealed record WaitForActivation(StepWait Wait) : StepActivation;

    /// <summary>See <see cref="RunTask"/>.</summary>
    public sealed record RunTaskActivation : StepActivation;

    /// <summary>See <see cref="Complete"/>.</summary>
    /// <param name="Output">The step output.</param>
    public sealed record CompleteActivation(JsonElement Output) : StepActivation;

    /// <summary>See <see cref="Fail"/>.</summary>
    /// <param name="Error">The error.</param>
    public sealed record FailActivation(StepError Error) : StepActivation;

    /// <summary>See <see cref="WaitUntil"/>.</summary>
    /// <param name="At">When to wake the step.</param>
    public sealed record WaitActivation(DateTimeOffset At) : StepActivation;
}
