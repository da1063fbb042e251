using System.Collections.Concurrent;
using System.Data.Common;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace Automation.Api.Hosting;

/// <summary>
/// Tells whether a failed request failed because the cluster or the database is unavailable (a <c>503</c>: nothing
/// the client did wrong, safe to repeat) rather than because of a bug (a <c>500</c>).
/// </summary>
/// <remarks>
/// The shapes below were observed with PostgreSQL stopped under a running silo and API, and with the API's gateway
/// silo killed (see docs/operations.md, "Outages"):
/// <list type="bullet">
/// <item><see cref="StorageUnavailableException"/>: a grain's own read or write failed (translated by the grain or by
/// the silo's storage call filter).</item>
/// <item><see cref="DbException"/> (<c>NpgsqlException</c>, <c>PostgresException</c> 57P01 "terminating connection due
/// to administrator command"): the API's own queries (<c>GET /workflows</c>, <c>GET /definitions</c>).</item>
/// <item><see cref="CodecNotFoundException"/> "Could not find a codec for type Npgsql.NpgsqlException": a grain whose
/// <em>activation</em> failed because its state could not be read. Orleans rejects the call with the provider's
/// exception, which it cannot serialize, before any grain code or call filter runs. Recognised only when the named
/// type is a <see cref="DbException"/>; any other missing codec is a bug.</item>
/// <item>Rejections, unavailable silos, refused or closed gateway connections and response timeouts: the cluster.</item>
/// </list>
/// </remarks>
public static class Outages
{
    private const string CodecNotFoundPrefix = "Could not find a codec for type ";
    private static readonly ConcurrentDictionary<string, bool> DbExceptionTypeNames = new(StringComparer.Ordinal);

    /// <summary>Classifies an exception by the first outage found in it or in the exceptions it wraps.</summary>
    /// <param name="exception">The exception that ended the request.</param>
    /// <returns>The outage, or <see cref="Outage.None"/>.</returns>
    public static Outage Classify(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var e = pending.Pop();
            switch (e)
            {
                case StorageUnavailableException or DbException:
                    return Outage.Database;
                case CodecNotFoundException when NamesDbException(e.Message):
                    return Outage.Database;
                case OrleansMessageRejectionException or SiloUnavailableException or ConnectionFailedException
                    or GatewayTooBusyException or TimeoutException or GatewayConnectionLostException:
                    return Outage.Cluster;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions.Reverse())
                    {
                        pending.Push(inner);
                    }

                    continue;
            }

            if (e.InnerException is { } next)
            {
                pending.Push(next);
            }
        }

        return Outage.None;
    }

    /// <summary>Whether a <see cref="CodecNotFoundException"/> message names a <see cref="DbException"/> type.</summary>
    private static bool NamesDbException(string message)
    {
        if (!message.StartsWith(CodecNotFoundPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = message[CodecNotFoundPrefix.Length..].TrimEnd('.');
        return DbExceptionTypeNames.GetOrAdd(name, static n => AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(n, throwOnError: false))
            .Any(t => t is not null && typeof(DbException).IsAssignableFrom(t)));
    }
}
