using System.Text.Json.Nodes;
using Automation.Cli.Http;

namespace Automation.Cli.Output;

/// <summary>Writes the server's problem details (RFC 9457) as one readable block: title, detail, each field error.</summary>
internal static class ProblemPrinter
{
    /// <summary>Writes the block to <paramref name="error"/>.</summary>
    /// <param name="error">Standard error.</param>
    /// <param name="problem">The failure.</param>
    public static void Write(TextWriter error, ApiProblemException problem)
    {
        var document = problem.Problem;
        var title = Json.String(document, "title") ?? problem.Status.ToString();
        error.WriteLine($"error: {title} ({(int)problem.Status})");
        if (Json.String(document, "detail") is { Length: > 0 } detail)
        {
            error.WriteLine("  " + detail);
        }

        if (document?["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                var list = messages is JsonArray array ? array.Select(Json.Text) : [Json.Text(messages)];
                foreach (var message in list)
                {
                    error.WriteLine($"  {field}: {message}");
                }
            }
        }

        if (Json.String(document, "traceId") is { } traceId)
        {
            error.WriteLine($"  (trace {traceId})");
        }
    }
}
