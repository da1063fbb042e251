using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Automation.Postgres.Diagnostics;

/// <summary>
/// A health report in the usual ASP.NET Core health-check JSON shape (that of <c>AspNetCore.HealthChecks.UI.Client</c>):
/// <c>{ status, totalDuration, entries: { name: { status, duration, tags, description, data, exception } } }</c>, for
/// both hosts. The open endpoints (<c>/ready</c>) get the summary only (status and duration of each check); the
/// authorized <c>/health/details</c> also descriptions, data and the exception's type and message (never a stack trace).
/// </summary>
public static class HealthReportJson
{
    /// <summary>The content type to answer with.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Serializes <paramref name="report"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="details">Whether to include descriptions, data and exceptions.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(HealthReport report, bool details)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new
        {
            status = report.Status.ToString(),
            totalDuration = report.TotalDuration.ToString("c", CultureInfo.InvariantCulture),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                duration = e.Value.Duration.ToString("c", CultureInfo.InvariantCulture),
                tags = e.Value.Tags,
                description = details ? e.Value.Description : null,
                data = details && e.Value.Data.Count > 0 ? e.Value.Data : null,
                exception = details && e.Value.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : null,
            }),
        };
        return JsonSerializer.Serialize(body, Options);
    }
}
