using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>
/// The outputs of a workflow's completed steps, read from its step states when a template asks for one: a view, not a
/// copy, so a render no longer copies every completed step's output to read one or two (a chain of N steps copied
/// N²/2 outputs). It reflects the state as it is when read: the engine renders with it synchronously, inside the
/// decision that made it, and makes a new one for every render (the grain replaces its step states between decisions).
/// </summary>
internal sealed class CompletedStepOutputs : IReadOnlyDictionary<string, JsonElement>
{
    private readonly IReadOnlyDictionary<string, StepState> _steps;

    /// <summary>Wraps the workflow's step states.</summary>
    /// <param name="steps">The step states by step id.</param>
    public CompletedStepOutputs(IReadOnlyDictionary<string, StepState> steps)
    {
        _steps = steps;
    }

    /// <inheritdoc />
    public int Count => _steps.Values.Count(IsCompleted);

    /// <inheritdoc />
    public IEnumerable<string> Keys => Completed().Select(step => step.Key);

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => Completed().Select(step => step.Value);

    /// <inheritdoc />
    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No completed step '{key}'.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (_steps.TryGetValue(key, out var step) && IsCompleted(step))
        {
            value = step.Output!.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Completed().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsCompleted(StepState step) => step.Status == StepStatus.Completed && step.Output is not null;

    private IEnumerable<KeyValuePair<string, JsonElement>> Completed() =>
        _steps.Where(step => IsCompleted(step.Value)).Select(step => KeyValuePair.Create(step.Key, step.Value.Output!.Value));
}
