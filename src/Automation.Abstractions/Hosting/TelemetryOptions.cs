namespace Automation.Hosting;

/// <summary>
/// Distributed tracing of both hosts, bound from <c>Automation:Telemetry</c>: traces are always created and propagated
/// (W3C <c>traceparent</c> through the API, grain calls and http steps, and trace ids in the logs); they are exported
/// over OTLP only when <see cref="OtlpEndpoint"/> is set.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section: <c>Automation:Telemetry</c>.</summary>
    public const string SectionName = "Automation:Telemetry";

    /// <summary>Gets or sets whether traces are created and propagated at all.</summary>
    /// <value>Default <see langword="true"/>; <see langword="false"/> also stops <c>traceparent</c> propagation.</value>
    public bool Tracing { get; set; } = true;

    /// <summary>Gets or sets the OTLP collector to export traces to, an absolute http or https URI.</summary>
    /// <value>Default none: nothing is exported. For example <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318/v1/traces</c> (<see cref="OtlpProtocol"/> <c>http/protobuf</c>).</value>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    /// <value>Default <c>grpc</c>.</value>
    public string OtlpProtocol { get; set; } = "grpc";
}
