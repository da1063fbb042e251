namespace Automation.Cli.Output;

/// <summary>How a command prints its result: <c>--output table|json|yaml</c>.</summary>
internal enum OutputFormat
{
    /// <summary>Readable tables and trees for people (the default).</summary>
    Table,

    /// <summary>The server's JSON, indented: for scripts (<c>jq</c>).</summary>
    Json,

    /// <summary>The same document as YAML.</summary>
    Yaml,
}
