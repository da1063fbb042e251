using System.Text.Json;
using System.Text.RegularExpressions;

namespace Automation.Api.Tests.Contract;

/// <summary>One operation of the OpenAPI document: method, path template and declared responses.</summary>
/// <param name="Id">The operationId.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The path template, e.g. <c>/api/v1/workflows/{workflowId}</c>.</param>
/// <param name="Responses">The <c>responses</c> object.</param>
public sealed record ContractOperation(string Id, HttpMethod Method, string Template, JsonElement Responses)
{
    /// <summary>Literal segments count: the most specific template wins when several match.</summary>
    public int LiteralSegments { get; } = Template.Split('/').Count(s => !s.StartsWith('{'));

    private readonly Regex _pattern = new("^" + Regex.Replace(Regex.Escape(Template), @"\\\{[^/]+?}", "[^/]+") + "$", RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="path"/> (still percent-encoded) fits the template.</summary>
    public bool Matches(string path) => _pattern.IsMatch(path);
}
