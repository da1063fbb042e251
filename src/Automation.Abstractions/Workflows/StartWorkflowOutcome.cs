namespace Automation.Workflows;

/// <summary>What happened to a start request.</summary>
public enum StartWorkflowOutcome
{
    /// <summary>A new workflow was created and started.</summary>
    Started,

    /// <summary>A workflow with that id already existed; nothing new was created.</summary>
    AlreadyExists,

    /// <summary>The definition (or the requested version) does not exist; nothing was created.</summary>
    DefinitionNotFound,

    /// <summary>The input does not match the definition's input schema; nothing was created. See <see cref="StartWorkflowResult.Errors"/>.</summary>
    InputInvalid,

    /// <summary>The version to be started (the latest when none was named) is deprecated; nothing was created. See <see cref="StartWorkflowResult.Message"/>.</summary>
    DefinitionDeprecated,
}
