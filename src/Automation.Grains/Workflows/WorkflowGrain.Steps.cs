using Automation.Engine.Workflows;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Workflows;

/// <summary>
/// Keeps the steps in state bounded (ADR 0027): in memory <see cref="WorkflowState.Steps"/> is always complete (the
/// engine is unchanged), but the state written holds only the steps that are running, waiting or recently finished.
/// Once more than <see cref="StepsKeptMax"/> finished steps are durable in state, they move to the step archive before
/// the write that leaves them out; steps still as the start created them are not written either (the definition
/// recreates them). Activation reads the archive back; a step present in state wins over its archived row.
/// </summary>
internal sealed partial class WorkflowGrain
{
    /// <summary>The most finished steps kept in state before they move to the step archive.</summary>
    internal const int StepsKeptMax = 100;

    // Steps left out of the state written because their archived row holds exactly what memory holds (the fingerprint
    // tells): a step that changes again (a workflow retry resets it) is written with the state until archived anew.
    private readonly Dictionary<string, StepFingerprint> _archivedSteps = new(StringComparer.Ordinal);

    // Every step with a row in the archive, stale or not: an untouched step is still written when it has one.
    private readonly HashSet<string> _stepRows = new(StringComparer.Ordinal);

    // Whether rows may exist that _stepRows does not list: this activation found no archived steps to read, yet an
    // archive write whose state write then failed may have left rows (of steps the state still holds, all finished).
    private bool _stepRowsUnknown;

    // Finished steps as of the last successful write: only steps durable in state may move to the archive.
    private readonly Dictionary<string, StepFingerprint> _durableFinished = new(StringComparer.Ordinal);

    private IStepArchive? _stepArchive;

    // Resolved on first use, which is a long workflow's: short ones never touch the archive.
    private IStepArchive StepArchive => _stepArchive ??= ServiceProvider.GetRequiredService<IStepArchive>();

    /// <summary>
    /// Writes the state without the archived and the untouched steps: moves finished steps to the archive first when
    /// there are enough of them, swaps <see cref="WorkflowState.Steps"/> for the steps to write around the write (no
    /// reader interleaves: they wait for <c>_inFlight</c>), and restores the complete set afterwards.
    /// </summary>
    /// <param name="row">The visibility row to write in the same transaction (ADR 0030), if any.</param>
    private async Task WriteStateAsync(WorkflowIndexEntry? row)
    {
        await ArchiveFinishedStepsAsync();
        var all = S.Steps;
        var written = StepsToWrite(all);
        S.Steps = written;
        try
        {
            await (StateWriter is not null ? WriteWithRowAsync(row) : ReadSkipped ? InsertStateAsync() : Store.WriteStateAsync());
        }
        finally
        {
            S.Steps = all;
        }

        RememberDurableFinished(all);
    }

    /// <summary>Records the finished steps of a state that is durable, unless the workflow is too short to ever archive.</summary>
    private void RememberDurableFinished(Dictionary<string, StepState> steps)
    {
        if (steps.Count <= StepsKeptMax)
        {
            return;
        }

        _durableFinished.Clear();
        foreach (var (id, st) in steps)
        {
            if (st.Status.IsTerminal())
            {
                _durableFinished[id] = StepFingerprint.Of(st);
            }
        }
    }

    /// <summary>The steps to write: all of them (the same dictionary) unless some are archived or untouched.</summary>
    private Dictionary<string, StepState> StepsToWrite(Dictionary<string, StepState> all)
    {
        var leftOut = 0;
        foreach (var (id, st) in all)
        {
            leftOut += LeftOut(id, st) ? 1 : 0;
        }

        if (leftOut == 0)
        {
            return all; // a short workflow once every step has started: nothing to copy
        }

        var written = new Dictionary<string, StepState>(all.Count - leftOut, StringComparer.Ordinal);
        foreach (var (id, st) in all)
        {
            if (!LeftOut(id, st))
            {
                written[id] = st;
            }
        }

        return written;
    }

    /// <summary>Whether the state written leaves a step out: its archived row is current, or it is untouched and has no row.</summary>
    private bool LeftOut(string id, StepState st) => st.IsUntouched()
        ? !_stepRows.Contains(id) && !(_stepRowsUnknown && Retried)
        : _archivedSteps.TryGetValue(id, out var archived) && archived == StepFingerprint.Of(st);

    // Only a workflow retry makes a finished step untouched again; if it has a row this activation does not know of,
    // that (stale) row must not stand in for it, so the step is written.
    private bool Retried => S.RunStartedAt is { } run && run != S.CreatedAt;

    /// <summary>
    /// Moves finished steps to the archive once more than <see cref="StepsKeptMax"/> are durable in state and not
    /// archived. A failure keeps them in state; the next write tries again. A crash after the archive write and before
    /// the state write loses nothing: the state still holds them, and the next archive write replaces their rows.
    /// </summary>
    private async Task ArchiveFinishedStepsAsync()
    {
        if (S.Steps.Count <= StepsKeptMax)
        {
            return; // a short workflow never has enough finished steps
        }

        List<(string Id, StepState State, StepFingerprint Fingerprint)>? candidates = null;
        foreach (var (id, st) in S.Steps)
        {
            if (!st.Status.IsTerminal() || !_durableFinished.TryGetValue(id, out var durable))
            {
                continue;
            }

            var fingerprint = StepFingerprint.Of(st);
            if (durable == fingerprint && !(_archivedSteps.TryGetValue(id, out var archived) && archived == fingerprint))
            {
                (candidates ??= []).Add((id, st, fingerprint));
            }
        }

        if (candidates is null || candidates.Count <= StepsKeptMax)
        {
            return;
        }

        try
        {
            await StepArchive.UpsertAsync(Id, [.. candidates.Select(c => new ArchivedStep(c.Id, StepStateJson.Serialize(c.State)))]);
        }
        catch (Exception ex)
        {
            LogStepArchiveFailed(ex, Id);
            return;
        }

        foreach (var (id, _, fingerprint) in candidates)
        {
            _archivedSteps[id] = fingerprint;
            _stepRows.Add(id);
        }

        S.StepsArchived = _stepRows.Count;
    }

    /// <summary>
    /// Makes <see cref="WorkflowState.Steps"/> complete after the state was read: archived steps from the archive, in
    /// definition order, untouched ones recreated. Throws when the archive cannot be read or misses rows, so that the
    /// activation fails rather than run with steps missing.
    /// </summary>
    private async Task RestoreStepsAsync()
    {
        // What an earlier read of this activation (a start that found its workflow after all) recorded is void.
        _archivedSteps.Clear();
        _stepRows.Clear();
        _durableFinished.Clear();
        _stepRowsUnknown = false;
        var stored = S.Steps;
        Dictionary<string, StepState>? archive = null;
        if (S.StepsArchived > 0)
        {
            IReadOnlyList<ArchivedStep> rows;
            try
            {
                rows = await StepArchive.ReadAsync(Id);
            }
            catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
            {
                throw StorageFailures.Unavailable(ex, $"Workflow {Id}: its archived steps could not be read");
            }

            if (rows.Count < S.StepsArchived)
            {
                throw new InvalidOperationException($"Workflow {Id}: its state counts {S.StepsArchived} archived steps, but the step archive holds {rows.Count}.");
            }

            archive = rows.ToDictionary(r => r.StepId, r => StepStateJson.Deserialize(r.State), StringComparer.Ordinal);
            _stepRows.UnionWith(archive.Keys);
        }
        else
        {
            _stepRowsUnknown = true;
        }

        if (archive is not null || stored.Count < Definition.Steps.Count)
        {
            var steps = new Dictionary<string, StepState>(Definition.Steps.Count, StringComparer.Ordinal);
            foreach (var step in Definition.Steps)
            {
                if (stored.TryGetValue(step.Id, out var st))
                {
                    steps[step.Id] = st;
                }
                else if (archive is not null && archive.TryGetValue(step.Id, out var row))
                {
                    steps[step.Id] = row;
                    _archivedSteps[step.Id] = StepFingerprint.Of(row);
                }
                else
                {
                    steps[step.Id] = new StepState();
                }
            }

            foreach (var (id, st) in stored)
            {
                steps.TryAdd(id, st); // none today: every step is the definition's
            }

            S.Steps = steps;
        }

        RememberDurableFinished(S.Steps); // everything just read is durable
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: moving finished steps to the step archive failed; kept in state for now")]
    private partial void LogStepArchiveFailed(Exception exception, string workflowId);

    /// <summary>What changes when a finished step changes: a retry resets it, and it finishes again at another time or attempt.</summary>
    private readonly record struct StepFingerprint(StepStatus Status, DateTimeOffset? CompletedAt, int AttemptsFinished, StepError? Error)
    {
        public static StepFingerprint Of(StepState st) => new(st.Status, st.CompletedAt, st.AttemptsFinished, st.Error);
    }
}
