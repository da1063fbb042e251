using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>Title, description, tags, server and security of the document.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Automation API";
        document.Info.Description = "Start durable workflows over HTTP, see exactly where they are, never lose one.";
        // The API is served by the host that serves this document; a relative URL keeps the document the same
        // whichever host name it was fetched through.
        document.Servers = [new OpenApiServer { Url = "/" }];
        // No authentication yet: one empty requirement states that every operation is open to anonymous callers (a
        // later change adds a scheme together with RequireAuthorization on the /api/v1 group).
        document.Security = [new OpenApiSecurityRequirement()];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Definitions", Description = "Register immutable, numbered versions of workflow definitions and read them back." },
            new() { Name = "Workflows", Description = "Start workflows, follow them (long-poll, history), list and cancel them." },
            new() { Name = "Auth", Description = "Sign in (password, MFA, API key), refresh and revoke tokens, the caller's own account." },
            new() { Name = "Users", Description = "Users and their roles (users:admin)." },
            new() { Name = "Roles", Description = "Built-in and custom roles, and the permissions they grant (users:admin)." },
            new() { Name = "ApiKeys", Description = "API keys for agents and CI: shown once, stored hashed, revocable (users:admin)." },
            new() { Name = "Secrets", Description = "Encrypted values http steps use as {{ secrets.NAME }}; never returned." },
            new() { Name = "Audit", Description = "The append-only audit trail (audit:read)." },
            new() { Name = "Events", Description = "Live changes of workflows, approvals, alerts and services as server-sent events, for pages that update without reload." },
            new() { Name = "System", Description = "Run-time operation of the processes: log levels without a restart (system:admin)." },
        };
        return Task.CompletedTask;
    }
}
