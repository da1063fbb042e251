namespace Automation.Cli.Output;

/// <summary>Colours for status words, used only when standard output is a terminal (and <c>NO_COLOR</c> is not set).</summary>
/// <param name="enabled">Whether to emit ANSI colours.</param>
internal sealed class Terminal(bool enabled)
{
    /// <summary>Whether colours are on.</summary>
    public bool Colors { get; } = enabled;

    /// <summary>Colours are on when stdout is a terminal, <c>NO_COLOR</c> is unset and <c>--no-color</c> was not given.</summary>
    /// <param name="noColor">The <c>--no-color</c> flag.</param>
    public static Terminal Detect(bool noColor) =>
        new(!noColor && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>A status word in its colour: green for success, red for failure, yellow for in-between, grey for not started.</summary>
    /// <param name="status">The status, e.g. <c>Completed</c>.</param>
    public string Status(string? status)
    {
        var text = status ?? "";
        if (!Colors)
        {
            return text;
        }

        var code = text switch
        {
            "Completed" or "Healthy" or "Resolved" or "Succeeded" => "32",
            "Failed" or "TimedOut" or "Terminated" or "Unhealthy" or "Open" or "critical" => "31",
            "Running" or "Retrying" or "Waiting" or "Degraded" or "Acknowledged" or "Impacted" or "warning" => "33",
            "Cancelled" or "Skipped" or "Pending" or "Paused" or "Unknown" or "Maintenance" => "90",
            _ => "",
        };
        return code.Length == 0 ? text : $"\u001b[{code}m{text}\u001b[0m";
    }

    /// <summary>Text in a colour code, when colours are on.</summary>
    /// <param name="code">The ANSI SGR code, e.g. <c>31</c>.</param>
    /// <param name="text">The text.</param>
    public string Paint(string code, string text) => Colors ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>The visible length of text that may hold colour codes.</summary>
    /// <param name="text">The text.</param>
    public static int VisibleLength(string text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\u001b')
            {
                while (i < text.Length && text[i] != 'm')
                {
                    i++;
                }

                continue;
            }

            length++;
        }

        return length;
    }
}
