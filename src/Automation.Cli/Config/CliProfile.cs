namespace Automation.Cli.Config;

/// <summary>One server the CLI talks to, under a name.</summary>
/// <param name="Server">The API's base URL, e.g. <c>https://automation.example.com</c>.</param>
internal sealed record CliProfile(string Server);
