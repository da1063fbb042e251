using System.Security.Cryptography;
using System.Text;

namespace Automation.Postgres;

/// <summary>Reads the scripts the project embeds from <c>sql/**/*.sql</c>, in the order they must run.</summary>
internal static class SchemaScripts
{
    private const string Prefix = "sql/";
    private const string MigrationsPrefix = "sql/migrations/";

    private static readonly string[] BaseScripts =
    [
        "PostgreSQL-Main.sql",
        "PostgreSQL-Clustering.sql",
        "PostgreSQL-Persistence.sql",
        "PostgreSQL-Reminders.sql",
        "PostgreSQL-Automation.sql",
    ];

    /// <summary>Loads the base scripts, then the migrations in ordinal order of their names.</summary>
    /// <returns>The scripts to apply.</returns>
    /// <exception cref="InvalidOperationException">A base script is not embedded.</exception>
    public static IReadOnlyList<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var resources = assembly.GetManifestResourceNames()
            .Select(n => n.Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

        var scripts = new List<SchemaScript>();
        foreach (var name in BaseScripts)
        {
            if (!resources.Contains(Prefix + name))
            {
                throw new InvalidOperationException($"Embedded schema script '{Prefix}{name}' is missing from {assembly.GetName().Name}.");
            }

            scripts.Add(Read(Prefix + name));
        }

        var migrations = resources
            .Where(r => r.StartsWith(MigrationsPrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        scripts.AddRange(migrations.Select(Read));
        return scripts;
    }

    private static SchemaScript Read(string resourceName)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var actualName = assembly.GetManifestResourceNames().First(n => n.Replace('\\', '/') == resourceName);
        using var stream = assembly.GetManifestResourceStream(actualName)
            ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new SchemaScript(resourceName[Prefix.Length..], text, checksum);
    }
}
