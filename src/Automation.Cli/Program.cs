using System.CommandLine.Invocation;
using Automation.Cli.Cli;
using Automation.Cli.Commands;

// The `automation` command line. Parse errors (unknown command or flag, missing argument) print the closest valid
// names and the command's usage and exit 2, before anything is sent; see docs/cli.md for every exit code.
var parse = CliApp.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    if (parse.Action is ParseErrorAction errorAction)
    {
        errorAction.ShowHelp = true;
        errorAction.ShowTypoCorrections = true;
    }

    parse.Invoke();
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
