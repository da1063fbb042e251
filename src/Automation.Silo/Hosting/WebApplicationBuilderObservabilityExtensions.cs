using Automation.Grains.Diagnostics;
using Automation.Hosting;
using Automation.Postgres.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Automation.Silo.Hosting;

/// <summary>The silo's metrics (Prometheus at <c>/metrics</c>) and traces, documented in <c>docs/observability.md</c>.</summary>
public static class WebApplicationBuilderObservabilityExtensions
{
    /// <summary>
    /// Exports Orleans' meter, Automation's meter (workflows, steps, agents, services, alerts, host resources) and the
    /// runtime's <c>System.Runtime</c> meter to the Prometheus scraping endpoint; traces grain calls, grain storage,
    /// step attempts and their outgoing HTTP calls (W3C <c>traceparent</c>), exported over OTLP when
    /// <c>Automation:Telemetry:OtlpEndpoint</c> is set.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A telemetry setting is invalid; the message names it.</exception>
    public static WebApplicationBuilder AddAutomationSiloObservability(this WebApplicationBuilder builder)
    {
        // System.Runtime's three gauges named *.count would be exported with the _count suffix Prometheus keeps for
        // histograms: the CPU count (which honours a container CPU limit; the CPU alerts divide by it) is renamed
        // dotnet_process_cpus, the assembly and timer counts are dropped.
        builder.Services.AddSingleton<HostMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter("Microsoft.Orleans", AutomationMetrics.MeterName)
            .AddMeter("System.Runtime")
            .AddView("dotnet.process.cpu.count", new MetricStreamConfiguration { Name = "dotnet.process.cpus" })
            .AddView("dotnet.assembly.count", MetricStreamConfiguration.Drop)
            .AddView("dotnet.timer.count", MetricStreamConfiguration.Drop)
            .AddInstrumentation(sp => sp.GetRequiredService<HostMetrics>()) // created with the provider, so its gauges exist
            .AddPrometheusExporter());

        // Logs: the console format comes from Logging:Console:FormatterName; levels change at run time.
        builder.AddAutomationLogging();

        var options = TelemetryOptionsValidator.Read(builder.Configuration.GetSection(TelemetryOptions.SectionName));
        if (options.Tracing)
        {
            builder.UseOrleans(silo => silo.AddActivityPropagation());
            telemetry.ConfigureResource(r => r.AddService("automation-silo"))
                .WithTracing(t =>
                {
                    t.AddSource(TracingSources.OrleansApplication, TracingSources.OrleansStorage, AutomationTracing.SourceName)
                        .AddHttpClientInstrumentation();
                    if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
                    {
                        t.AddOtlpExporter(o =>
                        {
                            o.Endpoint = new Uri(options.OtlpEndpoint);
                            o.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        });
                    }
                    else
                    {
                        // Nothing exports: propagate trace context (ids in logs, traceparent to called services, a
                        // caller's sampled flag kept) without recording spans nobody reads (docs/performance.md).
                        t.SetSampler(new ParentBasedSampler(new AlwaysOffSampler()));
                    }
                });
        }

        return builder;
    }
}
