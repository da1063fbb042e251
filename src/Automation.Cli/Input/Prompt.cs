using System.Text;
using Automation.Cli.Cli;

namespace Automation.Cli.Input;

/// <summary>Asks the user on standard error and reads the answer from standard input (without echo for secrets on a terminal).</summary>
internal static class Prompt
{
    /// <summary>Reads one line.</summary>
    /// <param name="label">The question, e.g. <c>Username: </c>.</param>
    public static string Line(string label)
    {
        Console.Error.Write(label);
        return Console.In.ReadLine()?.Trim() ?? throw CliException.Usage($"No answer to '{label.Trim()}' (standard input ended).");
    }

    /// <summary>Reads a secret: without echo on a terminal, else one line of standard input.</summary>
    /// <param name="label">The question, e.g. <c>Password: </c>.</param>
    public static string Secret(string label)
    {
        if (Console.IsInputRedirected)
        {
            return Line(label);
        }

        Console.Error.Write(label);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }

    /// <summary>
    /// Asks for confirmation of a change to many things. <c>--yes</c> answers for scripts; without it, a non-interactive
    /// run refuses rather than guess.
    /// </summary>
    /// <param name="question">What will happen.</param>
    /// <param name="yes">The <c>--yes</c> flag.</param>
    public static bool Confirm(string question, bool yes)
    {
        if (yes)
        {
            return true;
        }

        if (Console.IsInputRedirected)
        {
            throw CliException.Usage($"{question} Refusing without confirmation: standard input is not a terminal. Pass --yes to confirm in a script.");
        }

        var answer = Line(question + " [y/N] ");
        return answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase);
    }
}
