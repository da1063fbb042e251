using System.Net;
using System.Net.Http.Json;
using Automation.Api.Security;
using Automation.Postgres.Security;
using Automation.Security;
using Npgsql;

namespace Automation.Api.Tests.Security;

/// <summary>Who started a workflow is recorded on it, and permissions narrowed to definition names are enforced per workflow.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkflowAccessTests(ApiFixture fixture)
{
    private const string Definition = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    [Fact]
    public async Task Start_AsAdmin_RecordsStartedByOnTheWorkflowAndInTheList()
    {
        var name = "access-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.PutDefinitionAsync(name, Definition)).StatusCode.Should().Be(HttpStatusCode.Created);
        var id = name + "-1";

        (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        var workflow = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=10s"));
        workflow.GetProperty("startedBy").GetString().Should().Be(ApiFixture.AdminUser);
        var mine = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?definition={name}&startedBy=admin"));
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("startedBy").GetString()).Should().Equal(ApiFixture.AdminUser);
        var others = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?definition={name}&startedBy=someone-else"));
        others.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ScopedRole_StartsAndReadsOnlyMatchingDefinitions()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var allowed = "deploy-" + suffix;
        var other = "build-" + suffix;
        (await fixture.PutDefinitionAsync(allowed, Definition)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PutDefinitionAsync(other, Definition)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{other}}", "workflowId": "{{other}}-1" }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        var user = "deployer-" + suffix;
        await CreateUserWithRoleAsync(user, "deployer-" + suffix, ["workflows:start:deploy-*", "workflows:read:deploy-*"]);
        using var deployer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, "deployer-Passw0rd-x"));
        await WaitForGrantsAsync(deployer);

        var start = await deployer.PostAsJsonAsync("/api/v1/workflows", new { definition = allowed, workflowId = allowed + "-1" });
        var refused = await deployer.PostAsJsonAsync("/api/v1/workflows", new { definition = other });
        var read = await deployer.GetAsync($"/api/v1/workflows/{allowed}-1?wait=10s");
        var readOther = await deployer.GetAsync($"/api/v1/workflows/{other}-1");
        var historyOther = await deployer.GetAsync($"/api/v1/workflows/{other}-1/history");
        var listAll = await deployer.GetAsync("/api/v1/workflows");
        var listAllowed = await deployer.GetAsync($"/api/v1/workflows?definition={allowed}");

        start.StatusCode.Should().Be(HttpStatusCode.Created);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain(other);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(read)).GetProperty("startedBy").GetString().Should().Be(user);
        readOther.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        historyOther.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        listAll.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        listAllowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StarterWithoutRead_StartingWithWait_Gets403AndStartsNothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "deploy-" + suffix;
        (await fixture.PutDefinitionAsync(name, Definition)).StatusCode.Should().Be(HttpStatusCode.Created);
        var user = "starter-" + suffix;
        await CreateUserWithRoleAsync(user, "starter-" + suffix, ["workflows:start:deploy-*", "workflows:read:other-*"]);
        using var starter = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, "deployer-Passw0rd-x"));
        await WaitForGrantsAsync(starter);

        var waited = await starter.PostAsJsonAsync("/api/v1/workflows?wait=10s", new { definition = name, workflowId = name + "-waited" });
        var plain = await starter.PostAsJsonAsync("/api/v1/workflows", new { definition = name, workflowId = name + "-plain" });

        waited.StatusCode.Should().Be(HttpStatusCode.Forbidden, "?wait= answers with the workflow: it needs workflows:read");
        (await ApiFixture.ReadAsync(waited)).GetProperty("permission").GetString().Should().Be("workflows:read");
        plain.StatusCode.Should().Be(HttpStatusCode.Created, "starting alone needs only workflows:start");
        (await fixture.Http.GetAsync($"/api/v1/workflows/{name}-waited")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the refused start started nothing");
    }

    [Fact]
    public async Task ScopedSignalRole_ApprovesAsItselfOnlyMatchingDefinitions()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var allowed = "deploy-" + suffix;
        var other = "build-" + suffix;
        var role = "approver-" + suffix;
        var approval = $$"""{ "steps": [ { "id": "ok", "type": "wait", "with": { "approval": { "approvers": ["role:{{role}}"] } } } ] }""";
        (await fixture.PutDefinitionAsync(allowed, approval)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PutDefinitionAsync(other, approval)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{allowed}}", "workflowId": "{{allowed}}-1" }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{other}}", "workflowId": "{{other}}-1" }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        var user = "approver-" + suffix;
        await CreateUserWithRoleAsync(user, role, ["workflows:signal:deploy-*", "workflows:read:deploy-*"]);
        using var approver = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, "deployer-Passw0rd-x"));
        await WaitForGrantsAsync(approver);

        var refused = await approver.PostAsJsonAsync($"/api/v1/workflows/{other}-1/approvals/ok", new { decision = "approve" });
        var signalRefused = await approver.PostAsJsonAsync($"/api/v1/workflows/{other}-1/signals/go", new { });
        var approved = await approver.PostAsJsonAsync($"/api/v1/workflows/{allowed}-1/approvals/ok", new { decision = "approve", comment = "mine" });

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        signalRefused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var output = (await ApiFixture.ReadAsync(approved)).GetProperty("steps")[0].GetProperty("output");
        output.GetProperty("by").GetString().Should().Be(user);
        output.GetProperty("comment").GetString().Should().Be("mine");
    }

    /// <summary>A role written behind the API's back is seen once its role cache has been read again (within a second).</summary>
    private static async Task WaitForGrantsAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var me = await ApiFixture.ReadAsync(await client.GetAsync("/api/v1/auth/me"));
            if (me.GetProperty("permissions").GetArrayLength() > 0 || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private async Task CreateUserWithRoleAsync(string username, string role, string[] permissions)
    {
        await using var source = NpgsqlDataSource.Create(fixture.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        await new PostgresRoleStore(source).UpsertAsync(new StoredRole(role, permissions, false, now, now));
        await new PostgresUserStore(source).CreateAsync(
            new UserAccount(username, UserSignIn.HashPassword("deployer-Passw0rd-x"), [role], false, 0, null, null, false, 0, [], now, now));
    }
}
