using System.CommandLine;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>schedule list|get|apply|delete|pause|resume|trigger</c>.</summary>
internal static class ScheduleCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var id = new Argument<string>("schedule-id") { Description = "The schedule id." };
        return new Command("schedule", "Cron schedules that start workflows.").With(
            Resource.List("List schedules.", ApiRoutes.Schedules, [
                Column.Of("SCHEDULE", "id"), Column.Of("CRON", "cron"), Column.Of("ZONE", "timeZone"), Column.Of("DEFINITION", "definition"),
                new("PAUSED", r => r["paused"]?.GetValue<bool>() == true ? "paused" : ""), Column.Of("LAST FIRE", "lastFireAt")]),
            Resource.Get("get", "Show a schedule: next fire times and recent runs.", ApiRoutes.Schedule, id),
            Resource.Apply("Create or replace a schedule from a JSON file ({cron, timeZone, definition, input, ...}).", ApiRoutes.SchedulePut, id, "Schedule"),
            Resource.Send("delete", "Delete a schedule (workflows it started are left alone).", ApiRoutes.ScheduleDelete, id, s => $"Deleted schedule {s}."),
            Resource.Send("pause", "Pause a schedule.", ApiRoutes.SchedulePause, id, s => $"Paused schedule {s}."),
            Resource.Send("resume", "Resume a schedule from now on.", ApiRoutes.ScheduleResume, id, s => $"Resumed schedule {s}."),
            Resource.Send("trigger", "Start a run now, whatever the overlap policy or pause.", ApiRoutes.ScheduleTrigger, id, s => $"Triggered schedule {s}."));
    }
}
