using Automation.Api.Hosting;
using Automation.Hosting;

if (HealthCommand.IsRequested(args))
{
    return await HealthCommand.RunAsync(args, "http://127.0.0.1:5000/health");
}

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
return await HostStartup.RunAsync(app);

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
