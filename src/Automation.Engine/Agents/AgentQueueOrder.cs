namespace Automation.Engine.Agents;

/// <summary>
/// The order in which one queue partition leases its queued tasks: higher priority first; inside a priority,
/// round-robin across workflows (the workflow waiting longest first, then to the back of the ring), and each
/// workflow's own tasks oldest first. So one workflow's 10,000 tasks never starve another's one.
/// </summary>
public sealed class AgentQueueOrder
{
    private readonly SortedDictionary<int, Level> _levels = new(Comparer<int>.Create((a, b) => b.CompareTo(a)));
    private readonly Dictionary<string, (int Priority, string WorkflowId, DateTimeOffset EnqueuedAt)> _index = new(StringComparer.Ordinal);

    /// <summary>How many tasks are queued.</summary>
    public int Count => _index.Count;

    /// <summary>Whether <paramref name="taskId"/> is queued.</summary>
    /// <param name="taskId">The task.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool Contains(string taskId) => _index.ContainsKey(taskId);

    /// <summary>When the oldest queued task was queued; <see langword="null"/> when none is.</summary>
    public DateTimeOffset? OldestEnqueuedAt
    {
        get
        {
            // Each workflow's set is ordered by age: its first task is its oldest.
            DateTimeOffset? oldest = null;
            foreach (var level in _levels.Values)
            {
                foreach (var tasks in level.Tasks.Values)
                {
                    var first = tasks.Min.Item1;
                    if (oldest is null || first < oldest)
                    {
                        oldest = first;
                    }
                }
            }

            return oldest;
        }
    }

    /// <summary>Queues a task; a task already queued is left where it is.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="workflowId">Its workflow (the unit of fairness).</param>
    /// <param name="priority">Its priority, higher first.</param>
    /// <param name="enqueuedAt">When it was queued (its age).</param>
    public void Add(string taskId, string workflowId, int priority, DateTimeOffset enqueuedAt)
    {
        if (!_index.TryAdd(taskId, (priority, workflowId, enqueuedAt)))
        {
            return;
        }

        if (!_levels.TryGetValue(priority, out var level))
        {
            _levels[priority] = level = new Level();
        }

        if (!level.Tasks.TryGetValue(workflowId, out var tasks))
        {
            level.Tasks[workflowId] = tasks = new SortedSet<(DateTimeOffset, string)>();
            level.Ring.AddLast(workflowId);
        }

        tasks.Add((enqueuedAt, taskId));
    }

    /// <summary>Removes a queued task (leased elsewhere, expired, cancelled).</summary>
    /// <param name="taskId">The task.</param>
    /// <returns>Whether it was queued.</returns>
    public bool Remove(string taskId)
    {
        if (!_index.Remove(taskId, out var entry))
        {
            return false;
        }

        var level = _levels[entry.Priority];
        var tasks = level.Tasks[entry.WorkflowId];
        tasks.Remove((entry.EnqueuedAt, taskId));
        if (tasks.Count == 0)
        {
            level.Tasks.Remove(entry.WorkflowId);
            level.Ring.Remove(entry.WorkflowId);
            if (level.Tasks.Count == 0)
            {
                _levels.Remove(entry.Priority);
            }
        }

        return true;
    }

    /// <summary>The next task to lease, without removing it; <see langword="null"/> when none is queued.</summary>
    /// <returns>The task id.</returns>
    public string? Peek()
    {
        foreach (var level in _levels.Values)
        {
            return level.Tasks[level.Ring.First!.Value].Min.Item2;
        }

        return null;
    }

    /// <summary>Removes and returns the next task to lease; its workflow goes to the back of its priority's ring.</summary>
    /// <returns>The task id, or <see langword="null"/> when none is queued.</returns>
    public string? Take()
    {
        foreach (var (priority, level) in _levels)
        {
            var workflowId = level.Ring.First!.Value;
            var tasks = level.Tasks[workflowId];
            var taskId = tasks.Min.Item2;
            tasks.Remove(tasks.Min);
            _index.Remove(taskId);
            level.Ring.RemoveFirst();
            if (tasks.Count > 0)
            {
                level.Ring.AddLast(workflowId);
            }
            else
            {
                level.Tasks.Remove(workflowId);
                if (level.Tasks.Count == 0)
                {
                    _levels.Remove(priority);
                }
            }

            return taskId;
        }

        return null;
    }

    private sealed class Level
    {
        public LinkedList<string> Ring { get; } = new();

        public Dictionary<string, SortedSet<(DateTimeOffset, string)>> Tasks { get; } = new(StringComparer.Ordinal);
    }
}
