using System.CommandLine;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    /// <summary>The profile (server and credentials) to use.</summary>
    public static readonly Option<string?> Profile = new("--profile", "-p")
    {
        Description = "The profile to use (default: the current profile, or AUTOMATION_PROFILE).",
        Recursive = true,
    };

    /// <summary>A server URL that wins over the profile's.</summary>
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "The API's base URL, overriding the profile's (or AUTOMATION_SERVER).",
        Recursive = true,
    };

    /// <summary>The output format.</summary>
    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "table (for people), json or yaml (for scripts).",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    /// <summary>An API key that wins over the stored credentials.</summary>
    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "Authenticate with this API key instead of the profile's sign-in (or AUTOMATION_API_KEY).",
        Recursive = true,
    };

    /// <summary>No colours even on a terminal.</summary>
    public static readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "Never colour the output (also NO_COLOR).",
        Recursive = true,
    };

    /// <summary>The time limit of one request.</summary>
    public static readonly Option<int> Timeout = new("--request-timeout")
    {
        Description = "Seconds to wait for one answer of the server (default 100).",
        DefaultValueFactory = _ => 100,
        Recursive = true,
    };

    /// <summary>All of them, to add to the root command.</summary>
    public static IEnumerable<Option> All => [Profile, Server, Output, ApiKey, NoColor, Timeout];
}
