using System.Reflection;
using Automation.Grains.Hosting;
using Automation.Hosting;
using Automation.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Automation.Silo.Hosting;

/// <summary>
/// <c>Automation.Silo verify-state</c>: reads every grain state row of this service (<c>Orleans:ServiceId</c>) from
/// <c>OrleansStorage</c> and deserializes it with the silo's own grain storage serializer into the state type its
/// grain declares (<c>[PersistentState(name, …)]</c>, or <see cref="GrainStateAttribute"/> for a grain that reads and
/// writes its state itself). Starts nothing: no silo, no reminders, no side effects.
/// Prints one line per state name with its row count, one line per row that does not deserialize, and exits 0 when
/// every row did, 1 otherwise. <c>scripts/verify-backup.sh</c> runs it on a restored backup.
/// </summary>
internal static class GrainStateCheck
{
    /// <summary>The command-line verb.</summary>
    public const string Verb = "verify-state";

    /// <summary>Runs the check with the built (not started) host's services.</summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var failure in Validate(services))
        {
            problems.Add(failure);
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync($"Configuration error: {problem}");
            }

            return HostStartup.ConfigurationErrorExitCode;
        }

        var serializer = services.GetRequiredService<IGrainStorageSerializer>();
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        var connectionString = services.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString;
        var stateTypes = StateTypes();
        var deserialize = typeof(IGrainStorageSerializer).GetMethod(nameof(IGrainStorageSerializer.Deserialize))!;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT graintypestring, grainidextensionstring, payloadbinary FROM orleansstorage WHERE serviceid = @service AND payloadbinary IS NOT NULL",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var stateName = reader.GetString(0);
            var key = reader.IsDBNull(1) ? "" : reader.GetString(1);
            var payload = (byte[])reader.GetValue(2);
            counts[stateName] = counts.GetValueOrDefault(stateName) + 1;
            if (!stateTypes.TryGetValue(stateName, out var type))
            {
                failures++;
                await Console.Error.WriteLineAsync($"{stateName} {key}: no grain declares this state name");
                continue;
            }

            try
            {
                var state = deserialize.MakeGenericMethod(type).Invoke(serializer, [new BinaryData(payload)]);
                if (state is null)
                {
                    throw new InvalidDataException("deserialized to null");
                }
            }
            catch (Exception e)
            {
                failures++;
                var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                await Console.Error.WriteLineAsync($"{stateName} {key}: does not deserialize as {type.Name}: {cause.Message}");
            }
        }

        foreach (var (name, count) in counts)
        {
            Console.WriteLine($"grain state {name}: {count} row(s)");
        }

        Console.WriteLine(failures == 0
            ? $"Every grain state row of service '{serviceId}' deserializes ({counts.Values.Sum()} rows)."
            : $"{failures} grain state row(s) of service '{serviceId}' do not deserialize.");
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Validate(IServiceProvider services)
    {
        foreach (var validate in new Action[]
        {
            () => _ = services.GetRequiredService<IOptions<PostgresOptions>>().Value,
            () => _ = services.GetRequiredService<IOptions<ClusterEndpointOptions>>().Value,
        })
        {
            string? failure = null;
            try
            {
                validate();
            }
            catch (OptionsValidationException e)
            {
                failure = string.Join(" ", e.Failures);
            }

            if (failure is not null)
            {
                yield return failure;
            }
        }
    }

    /// <summary>
    /// State name → state type, from the <c>[PersistentState]</c> constructor parameters of the grain classes and their
    /// <see cref="GrainStateAttribute"/>s (grains that read and write their state themselves).
    /// </summary>
    private static Dictionary<string, Type> StateTypes()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var grain in typeof(EngineOptions).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var declared in grain.GetCustomAttributes<GrainStateAttribute>())
            {
                types[declared.StateName] = declared.StateType;
            }

            foreach (var parameter in grain.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).SelectMany(c => c.GetParameters()))
            {
                if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute
                    && parameter.ParameterType.IsGenericType
                    && parameter.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>))
                {
                    types[attribute.StateName] = parameter.ParameterType.GetGenericArguments()[0];
                }
            }
        }

        return types;
    }
}
