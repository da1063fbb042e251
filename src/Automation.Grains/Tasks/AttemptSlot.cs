using Automation.Tasks;

namespace Automation.Grains.Tasks;

/// <summary>
/// What <see cref="AttemptHost"/> knows about one step's attempts on this silo: the attempt it runs or ran last, its
/// report once finished, and up to which attempt a cancel stopped it. Read and written under <see cref="Gate"/>.
/// </summary>
internal sealed class AttemptSlot
{
    /// <summary>Guards every property.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The attempt running or last run here; <see langword="null"/> when none (or a deferred one must run again).</summary>
    public int? Attempt { get; set; }

    /// <summary>Stops the running attempt; <see langword="null"/> when none runs.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Attempts up to this one were cancelled by the workflow: a late re-send of them is ignored.</summary>
    public int? CancelledThrough { get; set; }

    /// <summary>The finished attempt's report, sent again when the workflow re-sends that attempt.</summary>
    public TaskReport? Report { get; set; }

    /// <summary>When the slot last changed; idle slots are dropped after <see cref="AttemptHost.Kept"/>.</summary>
    public DateTimeOffset TouchedAt { get; set; }

    /// <summary>Set when the slot left the host's table: a caller that still holds it takes a new one.</summary>
    public bool Removed { get; set; }

    /// <summary>Whether an attempt is running.</summary>
    public bool Running => Cancellation is not null;
}
