namespace Automation.Cli.Cli;

/// <summary>The process exit codes, documented in docs/cli.md; scripts rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>A workflow the command waited for ended otherwise than Completed, or an operation failed.</summary>
    public const int Failed = 1;

    /// <summary>A usage error: unknown command or flag, a missing argument, a malformed input file, or a request the server refused as invalid (400, 409, 413, 415).</summary>
    public const int Usage = 2;

    /// <summary>The thing named does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>Not signed in, a session that can no longer be refreshed, or a permission the caller lacks (401, 403).</summary>
    public const int Auth = 4;

    /// <summary>The server could not be reached or answered 5xx (unavailable, timed out, wrong URL).</summary>
    public const int Unavailable = 5;
}
