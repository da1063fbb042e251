using Automation.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://0.0.0.0:5000");
}

builder.AddAutomationApi();

var app = builder.Build();
app.UseAutomationHttpSecurity();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAutomationAudit();
app.UseAuthorization();
app.UseAutomationConsole();
app.MapOperationalEndpoints();
app.MapAutomationApi();
await app.RunAsync();

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
