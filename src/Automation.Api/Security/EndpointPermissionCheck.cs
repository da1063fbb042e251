namespace Automation.Api.Security;

/// <summary>
/// Builds every endpoint at start-up, so that one missing from the permission table fails the start (with the
/// endpoint named) instead of the first request to it.
/// </summary>
/// <param name="endpoints">All endpoints.</param>
internal sealed class EndpointPermissionCheck(EndpointDataSource endpoints) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = endpoints.Endpoints.Count;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
