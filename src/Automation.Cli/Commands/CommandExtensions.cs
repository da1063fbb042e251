using System.CommandLine;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>Wires a command's work to System.CommandLine with the CLI's error handling and exit codes.</summary>
internal static class CommandExtensions
{
    /// <summary>Runs <paramref name="action"/> for the command; failures print one readable block and set the exit code.</summary>
    /// <param name="command">The command.</param>
    /// <param name="action">The work; answers the exit code.</param>
    public static Command Does(this Command command, Func<CommandContext, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CommandContext(parse);
            try
            {
                return await action(context, cancellationToken);
            }
            catch (ApiProblemException e)
            {
                ProblemPrinter.Write(Console.Error, e);
                return e.ExitCode;
            }
            catch (CliException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine("Interrupted.");
                return 130;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
            {
                // Not a stack trace: a local file that cannot be read or written, or an answer of an unexpected shape.
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>Adds options and arguments in one call.</summary>
    /// <param name="command">The command.</param>
    /// <param name="symbols">Options, arguments or subcommands.</param>
    public static Command With(this Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Command subcommand:
                    command.Subcommands.Add(subcommand);
                    break;
            }
        }

        return command;
    }
}
