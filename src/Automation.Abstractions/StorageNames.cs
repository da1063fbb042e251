namespace Automation;

/// <summary>Grain storage provider names (kebab-case).</summary>
public static class StorageNames
{
    /// <summary>Workflow and task grain state.</summary>
    public const string Workflows = "automation-workflows";
}
