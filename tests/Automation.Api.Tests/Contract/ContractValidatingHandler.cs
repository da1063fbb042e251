namespace Automation.Api.Tests.Contract;

/// <summary>
/// Checks every response the tests receive against the API's OpenAPI document, so the document cannot drift from the
/// server: a response that breaks it throws <see cref="ContractViolationException"/> in the test that made the call.
/// </summary>
/// <param name="contract">The document.</param>
public sealed class ContractValidatingHandler(OpenApiContract contract) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var violations = contract.Check(request.Method, request.RequestUri!, response, body);
        if (violations.Count > 0)
        {
            throw new ContractViolationException(
                $"{request.Method} {request.RequestUri!.PathAndQuery} answered {(int)response.StatusCode}, which the OpenAPI document does not allow:"
                + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => "  - " + v))
                + Environment.NewLine + "Body: " + (body.Length > 2000 ? body[..2000] + "…" : body));
        }

        return response;
    }
}
