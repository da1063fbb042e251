using System.Text.Json;

namespace Automation.Bench;

/// <summary>JSON settings of the <c>--json</c> output.</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
