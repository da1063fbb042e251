namespace Automation.Agent;

/// <summary>Counts the tasks an agent runs against its <see cref="AgentOptions.MaxConcurrency"/>.</summary>
internal sealed class AgentSlots(int capacity)
{
    private readonly Lock _gate = new();
    private int _inUse;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Capacity { get; } = capacity;

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    /// <summary>The slots free now (never negative).</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(0, Capacity - _inUse);
            }
        }
    }

    /// <summary>Takes a slot. A task the server leased is always run, so this cannot refuse.</summary>
    public void Acquire()
    {
        lock (_gate)
        {
            _inUse++;
        }
    }

    public void Release()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inUse--;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Completes when at least one slot is free.</summary>
    public Task WaitForFreeAsync(CancellationToken cancellationToken) => WaitUntilAsync(() => _inUse < Capacity, cancellationToken);

    /// <summary>Completes when no task runs.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken) => WaitUntilAsync(() => _inUse <= 0, cancellationToken);

    private async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
