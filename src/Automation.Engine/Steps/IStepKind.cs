using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps;

/// <summary>
/// A step type's control-flow behaviour: how its <c>with</c> is validated at registration and what happens when the
/// step becomes ready. New step types are a class implementing this plus a registration; the engine loop never changes.
/// </summary>
public interface IStepKind
{
    /// <summary>The type name used in definitions, e.g. <c>http</c>.</summary>
    string Type { get; }

    /// <summary>Checks the step's <c>with</c> at registration; templated strings are checked only for syntax here.</summary>
    /// <param name="with">The step's arguments as written.</param>
    /// <param name="path">The JSON path of <paramref name="with"/>, for error locations.</param>
    /// <param name="errors">Where to add every problem found.</param>
    void Validate(JsonElement with, string path, ICollection<ValidationError> errors);

    /// <summary>
    /// The top-level properties of <c>with</c> that the engine passes to <see cref="Activate"/> as written, without
    /// rendering their templates: the kind renders them itself, with <see cref="StepActivationContext.Scope"/> and
    /// variables of its own (for example once per array item with <c>item</c>). They are still checked for template
    /// syntax and step references at registration.
    /// </summary>
    /// <value>Empty by default: the engine renders all of <c>with</c>.</value>
    IReadOnlySet<string> RawArguments => NoRawArguments;

    /// <summary>Decides what a ready step does: run as a task, or finish at once. Pure: no I/O, no clock but <see cref="StepActivationContext.Now"/>.</summary>
    /// <param name="context">The step, its rendered arguments and the time.</param>
    /// <returns>What the engine records and does.</returns>
    StepActivation Activate(StepActivationContext context);

    /// <summary>
    /// The steps a branching kind (<c>switch</c>) may route to, with the JSON path naming each: a routed step runs
    /// only if the completed step's output lists it in <c>branch</c>; otherwise it is skipped.
    /// </summary>
    /// <param name="with">The step's arguments as written.</param>
    /// <param name="path">The JSON path of <paramref name="with"/>.</param>
    /// <returns>The routed step ids; none for kinds that do not branch.</returns>
    IEnumerable<(string Path, string StepId)> Routes(JsonElement with, string path) => [];

    /// <summary>Decides what a waiting step does when its timer is due (only kinds whose activation waits are woken).</summary>
    /// <param name="context">The step, when it was due and the time.</param>
    /// <returns>What the engine records and does; waiting again is allowed.</returns>
    StepActivation Wake(StepWakeContext context) =>
        StepActivation.Fail(new Automation.Workflows.StepError("internal", $"Step kind '{Type}' does not wait.", Retryable: false));

    /// <summary>The empty set of <see cref="RawArguments"/>.</summary>
    private static readonly IReadOnlySet<string> NoRawArguments = new HashSet<string>();
}
