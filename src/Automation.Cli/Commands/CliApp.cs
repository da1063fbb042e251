using System.CommandLine;

namespace Automation.Cli.Commands;

/// <summary>The whole command tree.</summary>
internal static class CliApp
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("automation: operate Automation (definitions, workflows, schedules, agents, services, alerts, users) from a terminal or a CI pipeline.");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        foreach (var command in AuthCommands.Build())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ProfileCommands.Build());
        root.Subcommands.Add(DefinitionCommands.Build());
        root.Subcommands.Add(WorkflowCommands.Build());
        root.Subcommands.Add(ScheduleCommands.Build());
        root.Subcommands.Add(ServiceCommands.Build());
        root.Subcommands.Add(AlertCommands.Build());
        foreach (var command in AgentCommands.Build())
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in AdminCommands.Build())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
