namespace Automation.Persistence;

/// <summary>
/// Writes a workflow grain's state, and its visibility row in the same transaction when its status changed (ADR 0030);
/// concurrent writes of different workflows may share a transaction (ADR 0031), each answered only once it committed.
/// Without one registered, a workflow writes its state through its grain storage and its row through
/// <see cref="IWorkflowIndex"/> before (a Running anchor) or after its state.
/// </summary>
public interface IWorkflowStateWriter
{
    /// <summary>
    /// Writes <paramref name="state"/> exactly as the grain storage of <see cref="StorageNames.Workflows"/> would (so that
    /// storage reads, clears and later writes it), and, only when that write succeeds, <paramref name="row"/> if given; a
    /// stored row of a higher revision is kept. On success <paramref name="state"/> holds the new version.
    /// </summary>
    /// <typeparam name="T">The grain state type.</typeparam>
    /// <param name="stateName">The grain-storage state name.</param>
    /// <param name="grainId">The workflow grain.</param>
    /// <param name="state">The state, with the version it was read or last written at (none for a first write: an insert).</param>
    /// <param name="row">The visibility row, or <see langword="null"/> to write the state alone.</param>
    /// <returns>Whether the row was written (<see langword="false"/> without one).</returns>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another write won (a stale version, or a first write of a state that exists); nothing was written.</exception>
    Task<bool> WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> state, WorkflowIndexEntry? row);
}
