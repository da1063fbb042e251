namespace Automation.Engine.Steps;

/// <summary>The registered step kinds by type name.</summary>
/// <param name="kinds">Every kind; type names must be unique.</param>
public sealed class StepKindRegistry(IEnumerable<IStepKind> kinds)
{
    private readonly Dictionary<string, IStepKind> _kinds = kinds.ToDictionary(k => k.Type, StringComparer.Ordinal);

    /// <summary>The known type names, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds a kind.</summary>
    /// <param name="type">The type name.</param>
    /// <returns>The kind, or <see langword="null"/> when none has that name.</returns>
    public IStepKind? Find(string type) => _kinds.GetValueOrDefault(type);

    /// <summary>Gets a kind that validation already proved exists.</summary>
    /// <param name="type">The type name.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="InvalidOperationException">No kind has that name.</exception>
    public IStepKind Get(string type) =>
        Find(type) ?? throw new InvalidOperationException($"No step kind '{type}'.");
}
