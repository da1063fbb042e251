using System.Globalization;
using Automation.Persistence;
using Automation.Workflows;

namespace Automation.Testing.InMemory;

/// <summary>The visibility index in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemoryWorkflowIndex : IWorkflowIndex
{
    private readonly Dictionary<string, WorkflowIndexEntry> _rows = new(StringComparer.Ordinal);

    /// <summary>The rows, for assertions.</summary>
    public IReadOnlyList<WorkflowIndexEntry> Rows
    {
        get
        {
            lock (_rows)
            {
                return [.. _rows.Values];
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> UpsertAsync(WorkflowIndexEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            if (!_rows.TryGetValue(entry.WorkflowId, out var known) || (known.Revision <= entry.Revision && entry.Revision >= 0))
            {
                _rows[entry.WorkflowId] = entry;
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task<WorkflowPage> QueryAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            var skip = query.Cursor is null ? 0 : int.TryParse(query.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new InvalidCursorException("Not a cursor of this index.");
            var matches = _rows.Values
                .Where(r => (query.Status is null || r.Status == query.Status) && Matches(r, query))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.WorkflowId, StringComparer.Ordinal)
                .Skip(skip).Take(query.Limit + 1).ToList();
            var next = matches.Count > query.Limit ? (skip + query.Limit).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new WorkflowPage([.. matches.Take(query.Limit)], next));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<WorkflowStatus, long>> CountAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            IReadOnlyDictionary<WorkflowStatus, long> counts = _rows.Values.Where(r => Matches(r, query))
                .GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.LongCount());
            return Task.FromResult(counts);
        }
    }

    private static bool Matches(WorkflowIndexEntry r, WorkflowQuery query) =>
        (query.Definition is null || r.Definition == query.Definition) && (query.StartedBy is null || r.StartedBy == query.StartedBy)
                    && (query.From is null || r.CreatedAt >= query.From) && (query.To is null || r.CreatedAt < query.To)
                    && (query.Tags is null || query.Tags.All(t => (r.Tags ?? []).Contains(t, StringComparer.Ordinal)))
                    && (query.IdPrefix is null || r.WorkflowId.StartsWith(query.IdPrefix, StringComparison.Ordinal))
                    && (query.ParentId is null || r.ParentId == query.ParentId);
}
