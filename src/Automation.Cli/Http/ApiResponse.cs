using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Automation.Cli.Http;

/// <summary>A successful answer of the API: its status, body and headers.</summary>
/// <param name="Status">The HTTP status (2xx).</param>
/// <param name="Body">The JSON body, or null when there was none.</param>
/// <param name="Headers">The response headers.</param>
internal sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers);
