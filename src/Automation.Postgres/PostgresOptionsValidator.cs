using Microsoft.Extensions.Options;
using Npgsql;

namespace Automation.Postgres;

/// <summary>Validates <see cref="PostgresOptions"/> at start-up, naming the setting and never echoing the secret.</summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        const string setting = $"{PostgresOptions.SectionName}:ConnectionString (environment variable Automation__Postgres__ConnectionString)";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{setting} is required: the Npgsql connection string of Automation's database.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{setting} is not a valid Npgsql connection string (its value is not shown: it may hold a password).");
        }

        return ValidateOptionsResult.Success;
    }
}
