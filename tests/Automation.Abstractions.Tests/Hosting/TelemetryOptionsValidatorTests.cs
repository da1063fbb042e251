using Automation.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Automation.Abstractions.Tests.Hosting;

/// <summary>The telemetry settings read while the hosts are built: a bad OTLP endpoint or protocol names the setting (issue 13).</summary>
public sealed class TelemetryOptionsValidatorTests
{
    [Fact]
    public void Read_Nothing_TracesWithoutExport()
    {
        var options = TelemetryOptionsValidator.Read(Section(new()));

        options.Tracing.Should().BeTrue();
        options.OtlpEndpoint.Should().BeNull();
        options.OtlpProtocol.Should().Be("grpc");
    }

    [Theory]
    [InlineData("http://otel-collector:4317", "grpc")]
    [InlineData("https://collector.example.com:4318/v1/traces", "http/protobuf")]
    public void Read_ValidEndpoint_ReturnsIt(string endpoint, string protocol)
    {
        var options = TelemetryOptionsValidator.Read(Section(new() { ["OtlpEndpoint"] = endpoint, ["OtlpProtocol"] = protocol }));

        options.OtlpEndpoint.Should().Be(endpoint);
        options.OtlpProtocol.Should().Be(protocol);
    }

    [Theory]
    [InlineData("OtlpEndpoint", "not a uri", "Automation:Telemetry:OtlpEndpoint")]
    [InlineData("OtlpEndpoint", "/v1/traces", "Automation:Telemetry:OtlpEndpoint")]
    [InlineData("OtlpEndpoint", "ftp://collector:4317", "Automation:Telemetry:OtlpEndpoint")]
    [InlineData("OtlpProtocol", "udp", "Automation:Telemetry:OtlpProtocol")]
    public void Read_BadSetting_ThrowsNamingIt(string key, string value, string setting)
    {
        var read = () => TelemetryOptionsValidator.Read(Section(new() { [key] = value }));

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(setting);
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => TelemetryOptions.SectionName + ":" + v.Key, v => v.Value))
            .Build()
            .GetSection(TelemetryOptions.SectionName);
}
