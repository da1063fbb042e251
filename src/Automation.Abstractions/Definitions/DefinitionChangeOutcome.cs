namespace Automation.Definitions;

/// <summary>What happened to a deprecate, undeprecate or delete request.</summary>
public enum DefinitionChangeOutcome
{
    /// <summary>The change was made (or there was nothing to change).</summary>
    Done,

    /// <summary>The definition, or the version named, does not exist; nothing changed.</summary>
    NotFound,

    /// <summary>Workflows use the version (or the definition); nothing was deleted. See <see cref="DefinitionChangeResult.InUse"/>.</summary>
    InUse,

    /// <summary>The request is invalid (e.g. an unknown replacement version); nothing changed. See <see cref="DefinitionChangeResult.Field"/>.</summary>
    Invalid,
}
