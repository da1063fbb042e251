using System.Globalization;

namespace Automation.Bench;

/// <summary>
/// Sums user+system CPU time of the processes of each component from <c>/proc</c>: PostgreSQL (its background
/// processes and the backends of the bench's database; backends of other databases, e.g. test runs sharing the
/// server, count as "other"), the silo, the API and the bench itself. Processes that exit during a phase
/// (short-lived connections) are missed; the engine's connections are pooled, so that is small. Linux only.
/// </summary>
internal static class CpuSampler
{
    /// <summary>The database whose backends count as "postgres".</summary>
    public static string Database { get; set; } = "automation";

    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static readonly string[] Components = ["postgres", "silo", "api", "bench"];

    public static CpuSnapshot? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var components = Components.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var comm = stat[(open + 1)..close];
                var component = Classify(pid, comm, dir);
                if (component is null)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                components[component] += ticks / TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // The process exited while being read.
            }
        }

        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = cpu.Sum();
        var idle = cpu[3] + cpu[4]; // idle + iowait
        return new CpuSnapshot(components, (total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    private static string? Classify(int pid, string comm, string dir)
    {
        if (pid == Environment.ProcessId)
        {
            return "bench";
        }

        if (comm == "postgres")
        {
            // Backends are titled "postgres: USER DATABASE HOST(PORT) STATE"; background processes "postgres: walwriter".
            var title = File.ReadAllText(Path.Combine(dir, "cmdline")).TrimEnd('\0', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var isBackend = title.Length >= 4 && title[0] == "postgres:" && (title[3].Contains('(', StringComparison.Ordinal) || title[3] == "[local]");
            return !isBackend || title[2] == Database ? "postgres" : null;
        }

        if (comm != "dotnet" && !comm.StartsWith("Automation", StringComparison.Ordinal))
        {
            return null;
        }

        var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
        return cmdline.Contains("Automation.Silo", StringComparison.Ordinal) ? "silo"
            : cmdline.Contains("Automation.Api", StringComparison.Ordinal) ? "api"
            : null;
    }
}
