using Automation.Cli.Cli;

namespace Automation.Cli.Http;

/// <summary>The server could not be reached at all: refused, unknown host, TLS failure or timeout (exit code 5).</summary>
/// <param name="server">The server URL that was tried.</param>
/// <param name="reason">What the network layer said.</param>
internal sealed class ServerUnavailableException(Uri server, string reason)
    : CliException($"Cannot reach the Automation API at {server}: {reason}. Check the URL (--server, AUTOMATION_SERVER or `automation profile`) and that the API is running.", ExitCodes.Unavailable);
