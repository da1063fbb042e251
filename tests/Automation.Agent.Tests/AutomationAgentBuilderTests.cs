using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Automation.Agent.Tests;

public sealed class AutomationAgentBuilderTests
{
    private static readonly AgentTaskHandler Echo = (input, _) => Task.FromResult<object?>(input);

    [Theory]
    [InlineData("")]
    [InlineData("Docs.render")]
    [InlineData("-docs")]
    [InlineData(".docs")]
    [InlineData("docs render")]
    [InlineData("docs/render")]
    public void AddCapability_InvalidName_ThrowsArgumentException(string capability)
    {
        var builder = new ServiceCollection().AddAutomationAgent();

        var add = () => builder.AddCapability(capability, Echo);

        add.Should().Throw<ArgumentException>().WithParameterName("capability");
    }

    [Fact]
    public void AddCapability_NameOf101Characters_ThrowsArgumentException()
    {
        var builder = new ServiceCollection().AddAutomationAgent();

        var add = () => builder.AddCapability(new string('a', 101), Echo);

        add.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AddCapability_SameCapabilityTwice_ThrowsInvalidOperationException()
    {
        var builder = new ServiceCollection().AddAutomationAgent().AddCapability("docs.render", Echo);

        var add = () => builder.AddCapability("docs.render", Echo);

        add.Should().Throw<InvalidOperationException>().WithMessage("*docs.render*already*");
    }

    [Fact]
    public void AddCapability_NullHandler_ThrowsArgumentNullException()
    {
        var builder = new ServiceCollection().AddAutomationAgent();

        var add = () => builder.AddCapability("docs.render", null!);

        add.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddCapability_51st_ThrowsInvalidOperationException()
    {
        var builder = new ServiceCollection().AddAutomationAgent();
        for (var i = 0; i < 50; i++)
        {
            builder.AddCapability($"c{i}", Echo);
        }

        var add = () => builder.AddCapability("c50", Echo);

        add.Should().Throw<InvalidOperationException>().WithMessage("*50*");
    }

    [Fact]
    public void AddAutomationAgent_CalledTwice_RegistersOneAgentWithBothCapabilities()
    {
        var services = new ServiceCollection();

        services.AddAutomationAgent().AddCapability("a.one", Echo);
        services.AddAutomationAgent().AddCapability("b.two", Echo);

        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(1);
        services.Single(d => d.ServiceType == typeof(AgentHandlerRegistry)).ImplementationInstance.As<AgentHandlerRegistry>()
            .Capabilities.Should().BeEquivalentTo(["a.one", "b.two"]);
    }
}
