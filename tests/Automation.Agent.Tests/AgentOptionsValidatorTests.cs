using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Automation.Agent.Tests;

public sealed class AgentOptionsValidatorTests
{
    private static readonly AgentOptionsValidator Validator = new();

    [Fact]
    public void Validate_DefaultsWithUrlAndKey_Succeeds()
    {
        var options = new AgentOptions { ServerUrl = new Uri("http://localhost:5000"), ApiKey = "k" };

        var result = Validator.Validate(null, options);

        result.Succeeded.Should().BeTrue(result.FailureMessage);
    }

    [Fact]
    public void Validate_MissingUrlAndKey_FailsNamingBoth()
    {
        var options = new AgentOptions { ServerUrl = new Uri("/relative", UriKind.Relative) };

        var result = Validator.Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().Contain(f => f.Contains("Automation:Agent:ServerUrl")).And.Contain(f => f.Contains("Automation:Agent:ApiKey"));
    }

    [Fact]
    public void Validate_OutOfRangeSettings_FailsNamingEach()
    {
        var options = new AgentOptions
        {
            ServerUrl = new Uri("https://automation.example.com"), ApiKey = "k", Name = "", MaxConcurrency = 0,
            PollWait = TimeSpan.FromSeconds(61), DrainTimeout = TimeSpan.FromSeconds(-1), MaxRetryAttempts = 101,
            Labels = Enumerable.Range(0, 51).ToDictionary(i => $"l{i}", i => "v"),
        };

        var result = Validator.Validate(null, options);

        result.Failures.Should().HaveCount(6);
        foreach (var setting in new[] { "Name", "MaxConcurrency", "Labels", "PollWait", "DrainTimeout", "MaxRetryAttempts" })
        {
            result.Failures.Should().Contain(f => f.Contains($"Automation:Agent:{setting}"), setting);
        }
    }

    [Fact]
    public async Task StartAsync_NoCapabilityRegistered_FailsAtStartUp()
    {
        await using var server = await FakeAgentServer.StartAsync();
        using var host = TestAgentHost.Build(server, _ => { });

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("No capability registered");
        server.Registrations.Should().BeEmpty("an invalid agent never reaches the server");
    }
}
