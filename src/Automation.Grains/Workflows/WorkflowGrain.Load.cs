using Automation.Engine.Workflows;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using Orleans.Storage;

namespace Automation.Grains.Workflows;

/// <summary>
/// Loading the workflow's state: on the first call of an activation rather than in <c>OnActivateAsync</c>, so that a
/// start whose id the caller has just generated (<see cref="StartWorkflowCommand.FreshId"/>) skips the read: no state
/// can exist for it, and the read is one PostgreSQL round trip (and transaction) of the start path. Should a row exist
/// after all, the first write finds it (a first write inserts, and the insert of an existing row fails); the caller's
/// retry is not fresh and reads it.
/// </summary>
internal sealed partial class WorkflowGrain : IIncomingGrainCallFilter
{
    /// <summary>The grain-storage state name: the same row the <c>[PersistentState("workflow", …)]</c> facet used.</summary>
    private const string StateName = "workflow";

    private StateStorageBridge<WorkflowState>? _store;
    private Task? _loaded;

    /// <summary>This activation took the fresh-start path without reading; cleared once its first write succeeded.</summary>
    private bool _readSkipped;

    /// <summary>The workflow's durable state in <see cref="StorageNames.Workflows"/>.</summary>
    private StateStorageBridge<WorkflowState> Store =>
        _store ??= new StateStorageBridge<WorkflowState>(StateName, GrainContext, ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Workflows));

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        if (_loaded is null && IsFreshStart(context.Request))
        {
            Store.State = new WorkflowState();
            _readSkipped = true;
            _loaded = Task.CompletedTask;
        }

        var load = _loaded ??= LoadAsync();
        try
        {
            await load;
        }
        catch
        {
            // Storage did not answer: the next call (of a new activation) reads again.
            if (_loaded == load)
            {
                _loaded = null;
            }

            DeactivateOnIdle();
            throw;
        }

        await context.Invoke();
    }

    private static bool IsFreshStart(Orleans.Serialization.Invocation.IInvokable request) =>
        request.GetArgumentCount() == 1 && request.GetArgument(0) is StartWorkflowCommand { FreshId: true };

    /// <summary>Reads the state and, for a started workflow, what it runs; an active one resumes at once.</summary>
    private async Task LoadAsync()
    {
        await Store.ReadStateAsync();
        if (!S.Exists)
        {
            return;
        }

        _definition = await LoadDefinitionAsync(S.Definition, S.Version, S.Subflow)
            ?? throw new InvalidOperationException($"Workflow {Id} pins definition {S.Definition} v{S.Version}{(S.Subflow is null ? "" : $" subflow {S.Subflow}")}, which does not exist.");
        _writtenHistoryLength = S.HistoryLength;
        SeedAnnouncedApprovals();
        if (S.Status.IsActive())
        {
            // Resume promptly after a failover or a deactivation instead of waiting for the next reminder tick.
            this.RegisterGrainTimer(_ => ResumeAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }
}
