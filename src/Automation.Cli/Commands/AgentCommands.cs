using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>agent list|get|drain</c> and <c>capability list|limits</c>.</summary>
internal static class AgentCommands
{
    /// <summary>The commands.</summary>
    public static IEnumerable<Command> Build()
    {
        var id = new Argument<string>("agent-id") { Description = "The agent id." };
        yield return new Command("agent", "Agents that pull tasks by capability.").With(
            Resource.List("List agents.", ApiRoutes.Agents, [
                Column.Of("AGENT", "agentId"), Column.Of("NAME", "name"), Column.Of("STATUS", "status", isStatus: true), Column.Of("CAPABILITIES", "capabilities"),
                new("LEASED", r => ((r["leasedTasks"] as JsonArray)?.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)), Column.Of("LAST SEEN", "lastSeenAt")], "agents",
                (new Option<string?>("--capability") { Description = "Only agents serving this capability." }, "capability"),
                (new Option<string?>("--status", "-s") { Description = "healthy, unhealthy or draining." }, "status")),
            Resource.Get("get", "Show an agent with the tasks it holds.", ApiRoutes.Agent, id),
            Resource.Send("drain", "Drain an agent: no new tasks; removed once it holds none.", ApiRoutes.AgentDelete, id, a => $"Agent {a} is draining."));

        var name = new Argument<string>("name") { Description = "The capability." };
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "At most this many tasks leased at once across all agents (omit to remove the limit)." };
        var maxRate = new Option<double?>("--max-dispatch-per-second") { Description = "At most this many hand-overs per second (omit to remove the limit)." };
        yield return new Command("capability", "Capabilities: queue depth, leases and limits.").With(
            Resource.List("List capabilities with their queues.", ApiRoutes.Capabilities, [
                Column.Of("CAPABILITY", "name"), Column.Of("QUEUED", "queued"), Column.Of("LEASED", "leased"), Column.Of("OLDEST (S)", "oldestQueuedAgeSeconds"),
                Column.Of("MAX CONC.", "maxConcurrency"), Column.Of("MAX/S", "maxDispatchPerSecond"), Column.Of("WAITING AGENTS", "waitingAgents")], "capabilities"),
            Resource.Send("limits", "Set a capability's limits.", ApiRoutes.CapabilityLimits, name, c => $"Limits of {c} set.",
                parse => new JsonObject { ["maxConcurrency"] = parse.GetValue(maxConcurrency), ["maxDispatchPerSecond"] = parse.GetValue(maxRate) },
                maxConcurrency, maxRate));
    }
}
