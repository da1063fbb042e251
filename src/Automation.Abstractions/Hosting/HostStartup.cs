using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Automation.Hosting;

/// <summary>
/// Runs a host so that a start-up refused for its configuration (an option that fails validation, a port in use)
/// ends with one line per problem on standard error and exit code <see cref="ConfigurationErrorExitCode"/>, rather
/// than an unhandled exception. A failure after start-up is not caught here.
/// </summary>
public static class HostStartup
{
    /// <summary>The exit code of a start refused for its configuration.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Starts the host, waits for it to shut down (SIGTERM, Ctrl-C) and returns the exit code.</summary>
    /// <param name="host">The built host.</param>
    /// <returns>0 after a normal shutdown, <see cref="ConfigurationErrorExitCode"/> when start-up was refused.</returns>
    public static async Task<int> RunAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            try
            {
                // Every ValidateOnStart option first, all failures together: the host would validate them only after
                // constructing its hosted services, and the silo's constructor throws on the first bad endpoint.
                host.Services.GetService<IStartupValidator>()?.Validate();
                await host.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!IsEmbedded(host) && Problems(e) is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"Configuration error: {problem}").ConfigureAwait(false);
                }

                await Console.Error.WriteLineAsync($"Start-up refused ({problems.Count} problem(s)); exit code {ConfigurationErrorExitCode}.").ConfigureAwait(false);
                return ConfigurationErrorExitCode;
            }

            await host.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>
    /// Whether the host runs inside another program (a test's WebApplicationFactory), whose entry assembly is not the
    /// host's application: then a refused start throws to that program, as the host's own RunAsync would, instead of
    /// being turned into an exit code.
    /// </summary>
    /// <param name="host">The host.</param>
    private static bool IsEmbedded(IHost host) =>
        host.Services.GetService<IHostEnvironment>()?.ApplicationName is { } application
        && !string.Equals(System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name, application, StringComparison.Ordinal);

    /// <summary>The configuration problems an exception thrown at start-up stands for; empty when it is something else.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>One message per problem.</returns>
    public static IReadOnlyList<string> Problems(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problems = new List<string>();
        Collect(exception, problems);
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, problems);
                }

                break;
            case OptionsValidationException validation:
                problems.AddRange(validation.Failures.Select(OneLine));
                break;
            case InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                problems.Add(OneLine(binding.Message));
                break;
            case OrleansConfigurationException orleans:
                problems.Add(OneLine(orleans.Message));
                break;
            case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                problems.Add($"a port is already in use by another process: {OneLine(socket.Message)}");
                break;
            case IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                problems.Add(OneLine(io.Message));
                break;
            default:
                if (exception.InnerException is { } cause)
                {
                    Collect(cause, problems);
                }

                break;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
