using Automation.Agent;
using DocsAgent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The documentation agent: dotnet run -- --server http://127.0.0.1:5000 --api-key <key with the agent role>
// or AUTOMATION_SERVER_URL / AUTOMATION_API_KEY (or Automation__Agent__* as for any option).
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Automation:Agent:ServerUrl"] = Environment.GetEnvironmentVariable("AUTOMATION_SERVER_URL"),
    ["Automation:Agent:ApiKey"] = Environment.GetEnvironmentVariable("AUTOMATION_API_KEY"),
}.Where(e => !string.IsNullOrEmpty(e.Value)));
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--server"] = "Automation:Agent:ServerUrl",
    ["--api-key"] = "Automation:Agent:ApiKey",
    ["--name"] = "Automation:Agent:Name",
    ["--concurrency"] = "Automation:Agent:MaxConcurrency",
});
// One line per poll is noise: keep the HTTP client's and the retry pipeline's logs to warnings (appsettings may lower them).
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(40)); // longer than the 30 s drain

var renderer = new DocsRenderer();
builder.Services.AddAutomationAgent(o => o.Name = builder.Configuration["Automation:Agent:Name"] ?? $"docs-{Environment.MachineName}")
    .AddCapability(DocsRenderer.Capability, renderer.RenderAsync);

await builder.Build().RunAsync();
