using System.Globalization;
using System.Text.RegularExpressions;
using Automation.Cli.Cli;

namespace Automation.Cli.Input;

/// <summary>Durations as the API writes them: <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, or combined (<c>1h30m</c>).</summary>
internal static partial class Duration
{
    /// <summary>Parses a duration, or fails naming the flag.</summary>
    /// <param name="text">The text.</param>
    /// <param name="flag">The flag, for the message.</param>
    public static TimeSpan Parse(string text, string flag)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Groups["part"].Captures.Count == 0)
        {
            throw CliException.Usage($"{flag} '{text}': expected a duration such as 30s, 10m, 2h or 1h30m.");
        }

        var total = TimeSpan.Zero;
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            var number = double.Parse(match.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture);
            total += match.Groups["unit"].Captures[i].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => TimeSpan.FromDays(number),
            };
        }

        return total;
    }

    [GeneratedRegex(@"^(?<part>(?<number>\d+(\.\d+)?)(?<unit>ms|s|m|h|d))+$")]
    private static partial Regex Pattern();
}
