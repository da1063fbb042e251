namespace Automation.Templates;

/// <summary>How many times one render evaluated each secret reference.</summary>
internal sealed class SecretUses
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one evaluation.</summary>
    /// <param name="name">The secret's name.</param>
    public void Add(string name) => _counts[name] = _counts.GetValueOrDefault(name) + 1;

    /// <summary>How many times a secret was evaluated.</summary>
    /// <param name="name">The secret's name.</param>
    /// <returns>The count.</returns>
    public int this[string name] => _counts.GetValueOrDefault(name);
}
