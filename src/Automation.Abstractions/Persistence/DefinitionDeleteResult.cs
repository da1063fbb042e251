namespace Automation.Persistence;

/// <summary>The result of <see cref="IDefinitionStore.DeleteAsync"/>.</summary>
/// <param name="Deleted">How many versions were deleted; 0 when none existed or some workflow uses them.</param>
/// <param name="InUse">How many workflows (rows of the visibility table) use what was to be deleted; nothing is deleted unless 0.</param>
public sealed record DefinitionDeleteResult(int Deleted, long InUse);
