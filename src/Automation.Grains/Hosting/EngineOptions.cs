namespace Automation.Grains.Hosting;

/// <summary>Engine tuning. Bound from the configuration section <c>Automation:Engine</c>.</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Engine";

    /// <summary>
    /// Period of the reminder a running workflow holds. When a silo dies, its workflows resume on another silo within
    /// about this long. Each tick costs one no-op grain call per running workflow. Default 30 s; minimum 5 s.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a workflow runs before it takes its reminder. Until then its visibility row (written as Running
    /// before its first write) is what brings it back: the silos' recovery sweeps resume every running workflow when a
    /// silo dies, leaves, joins or starts. Short workflows finish without ever writing a reminder (two commits less
    /// each, and one round trip less on the start path). Zero takes the reminder before the first write, as before.
    /// Default 5 s; at most <see cref="ReminderPeriod"/>.
    /// </summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a schedule's fire may be and still count as on time; a later fire (the cluster was down) is missed and
    /// follows the schedule's <c>catchUp</c>. Default 15 s; minimum 1 s.
    /// </summary>
    public TimeSpan ScheduleGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a finished workflow stays in memory after it finished (or was loaded finished): reads in that time need
    /// no database work; then its activation is dropped and a later read loads it from storage. Without it a finished
    /// workflow would stay for Orleans' idle collection age (15 min): a silo finishing 1,000 workflows a second would
    /// hold 900,000 of them. Default 10 s; 0 to 1 h (0: dropped as soon as the call that finished it has answered).
    /// </summary>
    public TimeSpan FinishedLinger { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Queue partitions per agent capability: a workflow's tasks go to the partition its id hashes to, so one hot
    /// capability spreads over this many grains (and silos). Default 8; 1 to 256. Changing it strands tasks queued
    /// in partitions that no longer exist until their workflows re-send them.
    /// </summary>
    public int AgentQueuePartitions { get; set; } = 8;

    /// <summary>How often agents are told to heartbeat; an agent silent for 3 × this is unhealthy and its tasks are queued again. Default 10 s; at least 1 s.</summary>
    public TimeSpan AgentHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a finished agent task's row is kept, so a workflow that re-sends the attempt gets its result again. Default 10 min; at least 1 min.</summary>
    public TimeSpan AgentFinishedRetention { get; set; } = TimeSpan.FromMinutes(10);
}
