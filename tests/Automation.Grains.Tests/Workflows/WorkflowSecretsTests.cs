using System.Text.Json;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// Secrets on the real grains (cluster tier): the target receives the value, while the workflow's state, history,
/// step outputs and errors only ever hold the placeholder or <c>***</c>.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkflowSecretsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    private string Url(string path) => fixture.Target.BaseUrl + path;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Http_SecretInHeaderQueryAndBody_TargetGetsTheValueWorkflowKeepsOnlyMasks()
    {
        var secret = Unique("tok");
        var value = "s3cr3t/" + Guid.NewGuid().ToString("N") + " +\"x\"";
        await Cluster.Secrets!.PutAsync(secret, value);
        var name = Unique("secret-call");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "with": {
            "method": "POST", "url": "{{{Url("/inspect")}}}?key={{ secrets.{{{secret}}} }}",
            "headers": { "Authorization": "Bearer {{ secrets.{{{secret}}} }}" },
            "body": { "password": "{{ secrets.{{{secret}}} }}" } } } ],
          "output": { "echo": "{{ steps.call.output.body }}" } }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);
        var history = await grain.GetHistoryAsync();

        done.Status.Should().Be(WorkflowStatus.Completed);
        var received = JsonDocument.Parse(fixture.Target.Inspected.Last(i => i.Contains(value.Split('/')[1][..8], StringComparison.Ordinal))).RootElement;
        received.GetProperty("authorization").GetString().Should().Be("Bearer " + value);
        Uri.UnescapeDataString(received.GetProperty("query").GetString()!).Should().Be("?key=" + value);
        JsonDocument.Parse(received.GetProperty("body").GetString()!).RootElement.GetProperty("password").GetString().Should().Be(value);
        var echo = done.Steps[0].Output!.Value.GetProperty("body");
        echo.GetProperty("authorization").GetString().Should().Be("Bearer ***");
        echo.GetProperty("body").GetString().Should().Be("{\"password\":\"***\"}");
        echo.GetProperty("query").GetString().Should().Be("?key=***", "the URL-escaped spelling is recognised too");
        var everything = JsonSerializer.Serialize(done) + JsonSerializer.Serialize(history);
        everything.Should().NotContain(value.Split('/')[1][..8], "no part of the value is kept");
        everything.Should().Contain("***");
    }

    [Fact]
    public async Task Http_UnknownSecret_FailsAtOnceNamingIt()
    {
        var name = Unique("no-secret");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 5 },
            "with": { "url": "{{{Url("/echo")}}}", "headers": { "Authorization": "Bearer {{ secrets.never_stored }}" } } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Attempts.Should().Be(1);
        done.Steps[0].Error!.Type.Should().Be("secret.not-found");
        done.Steps[0].Error!.Retryable.Should().BeFalse();
        done.Steps[0].Error!.Message.Should().Contain("'never_stored'");
    }

    [Fact]
    public async Task Http_FailingCallWithSecretInTheUrl_ErrorShowsThePlaceholderNotTheValue()
    {
        var secret = Unique("key");
        var value = Guid.NewGuid().ToString("N");
        await Cluster.Secrets!.PutAsync(secret, value);
        var name = Unique("secret-fail");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "{{{Url("/status/401")}}}?api_key={{ secrets.{{{secret}}} }}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Error!.Type.Should().Be("http.401");
        done.Steps[0].Error!.Message.Should().Contain($"api_key=${{secret:{secret}}}").And.NotContain(value);
        JsonSerializer.Serialize(done).Should().NotContain(value);
    }
}
