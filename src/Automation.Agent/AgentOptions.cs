namespace Automation.Agent;

/// <summary>How an agent reaches the server and how much work it takes on. Bound from <c>Automation:Agent</c>.</summary>
/// <remarks>
/// <see cref="ApiKey"/> is a secret: it is sent only in the <c>Authorization</c> header and never logged. Give the agent a
/// key with the built-in <c>agent</c> grants (<c>agents:register</c> and <c>agents:work</c>) and nothing more.
/// </remarks>
public sealed class AgentOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Agent";

    /// <summary>The API's base URL, e.g. <c>https://automation.example.com</c> (the SDK adds <c>/api/v1/…</c>).</summary>
    /// <value>Required.</value>
    public Uri? ServerUrl { get; set; }

    /// <summary>The API key the agent authenticates with (<c>Authorization: ApiKey &lt;key&gt;</c>).</summary>
    /// <value>Required. Never logged.</value>
    public string? ApiKey { get; set; }

    /// <summary>The agent's name as the server lists it (1–100 characters).</summary>
    /// <value>Default the machine name.</value>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>How many tasks the agent runs at once (1–1000); it never leases more.</summary>
    /// <value>Default 1.</value>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Free-form labels the server shows for the agent (at most 50).</summary>
    /// <value>Default none.</value>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>How long one long poll may wait on the server for a task (0–60 seconds).</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On shutdown, how long running handlers may go on before they are cancelled. Cancelled tasks are not reported:
    /// the server re-queues them once their heartbeats stop.
    /// </summary>
    /// <value>Default 30 seconds. Keep the host's <c>HostOptions.ShutdownTimeout</c> longer than this.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times one HTTP call is retried on a transient error (connection failure, 408, 429, 5xx).</summary>
    /// <value>Default 5.</value>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter, and honour <c>Retry-After</c>.</summary>
    /// <value>Default 200 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the agent waits before trying again when the server stays unreachable after the retries.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);
}
