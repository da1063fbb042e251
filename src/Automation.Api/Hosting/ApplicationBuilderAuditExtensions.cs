using Automation.Api.Security;

namespace Automation.Api.Hosting;

/// <summary>Adds the audit of requests to the pipeline.</summary>
public static class ApplicationBuilderAuditExtensions
{
    /// <summary>
    /// Records state-changing and refused <c>/api/v1</c> requests in the audit trail (<see cref="AuditMiddleware"/>).
    /// Call it after <c>UseAuthentication</c> and before <c>UseAuthorization</c>, which answers 401 and 403 itself.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseAutomationAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();
}
