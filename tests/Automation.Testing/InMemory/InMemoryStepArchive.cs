using Automation.Persistence;

namespace Automation.Testing.InMemory;

/// <summary>Archived workflow steps in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemoryStepArchive : IStepArchive
{
    private readonly Dictionary<string, Dictionary<string, string>> _steps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failingReads = new(StringComparer.Ordinal);

    /// <summary>Makes reads of one workflow's steps fail (or succeed again), as an unreachable database would.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="fail">Whether its reads fail.</param>
    public void FailReads(string workflowId, bool fail)
    {
        lock (_steps)
        {
            if (fail)
            {
                _failingReads.Add(workflowId);
            }
            else
            {
                _failingReads.Remove(workflowId);
            }
        }
    }

    /// <summary>The stored rows of a workflow (step id → state JSON), for assertions.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <returns>A copy of the rows.</returns>
    public IReadOnlyDictionary<string, string> Rows(string workflowId)
    {
        lock (_steps)
        {
            return _steps.TryGetValue(workflowId, out var stored) ? new Dictionary<string, string>(stored, StringComparer.Ordinal) : [];
        }
    }

    /// <inheritdoc />
    public Task UpsertAsync(string workflowId, IReadOnlyList<ArchivedStep> steps, CancellationToken cancellationToken = default)
    {
        lock (_steps)
        {
            if (!_steps.TryGetValue(workflowId, out var stored))
            {
                _steps[workflowId] = stored = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            foreach (var step in steps)
            {
                stored[step.StepId] = step.State;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ArchivedStep>> ReadAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        lock (_steps)
        {
            if (_failingReads.Contains(workflowId))
            {
                throw new InvalidOperationException($"Reading the archived steps of {workflowId} fails (injected by the test).");
            }

            IReadOnlyList<ArchivedStep> rows = _steps.TryGetValue(workflowId, out var stored)
                ? [.. stored.Select(s => new ArchivedStep(s.Key, s.Value))]
                : [];
            return Task.FromResult(rows);
        }
    }
}
