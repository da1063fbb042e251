using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/schedules</c> end to end on a real silo and PostgreSQL: CRUD, the next 10 fire times, firing on time with
/// ids derived from the fire time, trigger, pause/resume, every bad input as a 400 naming the field (nothing created),
/// 404 and 403.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SchedulesApiTests(ApiFixture fixture)
{
    private const string Transform = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } } ] }""";

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> DefineAsync()
    {
        var name = NewId("sched-def");
        (await fixture.PutDefinitionAsync(name, Transform)).StatusCode.Should().Be(HttpStatusCode.Created);
        return name;
    }

    private Task<HttpResponseMessage> PutAsync(string id, string json, HttpClient? client = null) =>
        (client ?? fixture.Http).PutAsync($"/api/v1/schedules/{id}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> GetAsync(string id) =>
        await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/schedules/{id}"));

    [Fact]
    public async Task PutGetListDelete_Schedule_CreatesReplacesListsAndDeletes()
    {
        var definition = await DefineAsync();
        var id = NewId("crud");
        var spec = $$"""{ "cron": "0 0 * * *", "timeZone": "Europe/Berlin", "definition": "{{definition}}", "input": { "n": 1 }, "tags": ["nightly"], "overlap": "bufferOne", "jitter": "30s" }""";

        var created = await PutAsync(id, spec);
        var createdBody = await ApiFixture.ReadAsync(created);
        var replaced = await PutAsync(id, spec.Replace("\"bufferOne\"", "\"cancelPrevious\"", StringComparison.Ordinal));
        var read = await GetAsync(id);
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/schedules"));
        var delete = await fixture.Http.DeleteAsync($"/api/v1/schedules/{id}");
        var afterDelete = await fixture.Http.GetAsync($"/api/v1/schedules/{id}");
        var deleteAgain = await fixture.Http.DeleteAsync($"/api/v1/schedules/{id}");
        var listAfter = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/schedules"));

        created.StatusCode.Should().Be(HttpStatusCode.Created, createdBody.GetRawText());
        created.Headers.Location!.ToString().Should().Be($"/api/v1/schedules/{id}");
        createdBody.GetProperty("catchUp").GetString().Should().Be("one");
        createdBody.GetProperty("overlap").GetString().Should().Be("bufferOne");
        createdBody.GetProperty("jitter").GetString().Should().Be("30s");
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        read.GetProperty("overlap").GetString().Should().Be("cancelPrevious");
        read.GetProperty("timeZone").GetString().Should().Be("Europe/Berlin");
        read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("nightly");
        var fires = read.GetProperty("nextFireTimes").EnumerateArray().Select(f => f.GetDateTimeOffset()).ToList();
        fires.Should().HaveCount(10).And.BeInAscendingOrder();
        // Midnight in Berlin is 23:00 UTC in winter, 22:00 UTC in summer.
        fires.Should().OnlyContain(f => f.Minute == 0 && (f.Hour == 22 || f.Hour == 23));
        fires.Zip(fires.Skip(1)).Should().OnlyContain(p => p.Second - p.First >= TimeSpan.FromHours(23) && p.Second - p.First <= TimeSpan.FromHours(25));
        read.GetProperty("recentRuns").GetArrayLength().Should().Be(0);
        list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Contain(id);
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterDelete.StatusCode.Should().Be(HttpStatusCode.NotFound);
        deleteAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        listAfter.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().NotContain(id);
    }

    [Fact]
    public async Task Trigger_PausedSchedule_StartsATaggedRunShownInRecentRuns()
    {
        var definition = await DefineAsync();
        var id = NewId("trigger");
        (await PutAsync(id, $$"""{ "cron": "0 0 1 1 *", "definition": "{{definition}}", "input": { "n": 7 }, "paused": true }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        var trigger = await fixture.PostAsync($"/api/v1/schedules/{id}/trigger", "");
        var triggered = await ApiFixture.ReadAsync(trigger);
        var workflowId = triggered.GetProperty("workflowId").GetString()!;
        var workflow = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{workflowId}?wait=30s"));
        var read = await GetAsync(id);
        var tagged = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?tag=schedule:{id}"));
        var unknown = await fixture.PostAsync("/api/v1/schedules/no-such-schedule/trigger", "");

        trigger.StatusCode.Should().Be(HttpStatusCode.Created, triggered.GetRawText());
        workflowId.Should().StartWith(id + ":manual-");
        workflow.GetProperty("status").GetString().Should().Be("Completed");
        workflow.GetProperty("input").GetProperty("n").GetInt32().Should().Be(7);
        workflow.GetProperty("startedBy").GetString().Should().Be($"schedule:{id}");
        read.GetProperty("paused").GetBoolean().Should().BeTrue();
        read.GetProperty("nextFireTimes").GetArrayLength().Should().Be(0);
        var run = read.GetProperty("recentRuns").EnumerateArray().Should().ContainSingle().Subject;
        run.GetProperty("workflowId").GetString().Should().Be(workflowId);
        run.GetProperty("manual").GetBoolean().Should().BeTrue();
        run.GetProperty("status").GetString().Should().Be("Completed");
        tagged.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("workflowId").GetString()).Should().Equal(workflowId);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EverySecond_FiresWithIdsFromTheFireTime_UntilPaused_ThenResumes()
    {
        var definition = await DefineAsync();
        var id = NewId("every");
        (await PutAsync(id, $$"""{ "cron": "* * * * * *", "definition": "{{definition}}", "overlap": "allow" }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        var read = await PollAsync(id, s => s.GetProperty("recentRuns").GetArrayLength() >= 3);
        var pause = await fixture.PostAsync($"/api/v1/schedules/{id}/pause", "");
        var paused = await ApiFixture.ReadAsync(pause);
        var runsAtPause = paused.GetProperty("recentRuns").GetArrayLength();
        var resume = await fixture.PostAsync($"/api/v1/schedules/{id}/resume", "");
        var resumed = await ApiFixture.ReadAsync(resume);
        await fixture.Http.DeleteAsync($"/api/v1/schedules/{id}");

        var runs = read.GetProperty("recentRuns").EnumerateArray().ToList();
        foreach (var run in runs)
        {
            var scheduledAt = run.GetProperty("scheduledAt").GetDateTimeOffset();
            run.GetProperty("workflowId").GetString().Should().Be(id + ":" + scheduledAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            run.GetProperty("manual").GetBoolean().Should().BeFalse();
        }

        runs.Select(r => r.GetProperty("workflowId").GetString()).Should().OnlyHaveUniqueItems();
        pause.StatusCode.Should().Be(HttpStatusCode.OK);
        paused.GetProperty("paused").GetBoolean().Should().BeTrue();
        runsAtPause.Should().BeGreaterThanOrEqualTo(3);
        resume.StatusCode.Should().Be(HttpStatusCode.OK);
        resumed.GetProperty("paused").GetBoolean().Should().BeFalse();
        resumed.GetProperty("nextFireTimes").GetArrayLength().Should().Be(10);
    }

    [Theory]
    [InlineData("""{ "cron": "61 * * * *", "definition": "DEF" }""", "$.cron", "Not a valid cron expression")]
    [InlineData("""{ "cron": "* * *", "definition": "DEF" }""", "$.cron", "3 fields")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "timeZone": "Mars/Olympus" }""", "$.timeZone", "Unknown time zone")]
    [InlineData("""{ "cron": "* * * * *", "definition": "no-such-definition-x" }""", "$.definition", "No definition named")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "version": 99 }""", "$.version", "has no version 99")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "version": 0 }""", "$.version", "at least 1")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "catchUp": "some" }""", "$.catchUp", "skip, one or all")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "catchUp": "all" }""", "$.catchUpWindow", "Required with catchUp 'all'")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "catchUp": "all", "catchUpWindow": "ten" }""", "$.catchUpWindow", "not a duration")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "catchUp": "all", "catchUpWindow": "30d" }""", "$.catchUpWindow", "at most 7d")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "jitter": "-1s" }""", "$.jitter", "not a duration")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "jitter": "1m" }""", "$.jitter", "shorter than the shortest time between two fires")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "overlap": "queue" }""", "$.overlap", "bufferOne")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "crn": "x" }""", "$.crn", "Unknown property")]
    [InlineData("""{ "definition": "DEF" }""", "$", "cron")]
    [InlineData("""{ "cron": "* * * * *", "definition": "DEF", "tags": ["a b"] }""", "$.tags[0]", "valid tag")]
    public async Task Put_BadInput_Answers400NamingTheField_AndCreatesNothing(string body, string field, string message)
    {
        var definition = await DefineAsync();
        var id = NewId("bad");

        var response = await PutAsync(id, body.Replace("DEF", definition, StringComparison.Ordinal));
        var problem = await ApiFixture.ReadAsync(response);
        var after = await fixture.Http.GetAsync($"/api/v1/schedules/{id}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("errors").TryGetProperty(field, out var errors).Should().BeTrue(problem.GetRawText());
        errors[0].GetString().Should().Contain(message);
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_BadInputOnExisting_ChangesNothing_AndBadIdIs400()
    {
        var definition = await DefineAsync();
        var id = NewId("keep");
        (await PutAsync(id, $$"""{ "cron": "0 * * * *", "definition": "{{definition}}" }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        var bad = await PutAsync(id, $$"""{ "cron": "0 * * * * * *", "definition": "{{definition}}" }""");
        var read = await GetAsync(id);
        var badId = await PutAsync("-bad", $$"""{ "cron": "0 * * * *", "definition": "{{definition}}" }""");
        var badIdProblem = await ApiFixture.ReadAsync(badId);
        var missing = await fixture.Http.GetAsync("/api/v1/schedules/no-such-schedule");
        var pauseMissing = await fixture.PostAsync("/api/v1/schedules/no-such-schedule/pause", "");

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        read.GetProperty("cron").GetString().Should().Be("0 * * * *");
        badId.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badIdProblem.GetProperty("errors").TryGetProperty("scheduleId", out _).Should().BeTrue();
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        pauseMissing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Permissions_ReadOnlyOrNarrowedCaller_Answers403_AndCreatesNothing()
    {
        var definition = await DefineAsync();
        var id = NewId("perm");
        var spec = $$"""{ "cron": "0 * * * *", "definition": "{{definition}}" }""";
        using var reader = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["schedules:read"]));
        using var narrowed = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["schedules:write", "workflows:start:other-*"]));
        using var nothing = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["definitions:read"]));

        var byReader = await PutAsync(id, spec, reader);
        var byNarrowed = await PutAsync(id, spec, narrowed);
        var narrowedProblem = await ApiFixture.ReadAsync(byNarrowed);
        var listByReader = await reader.GetAsync("/api/v1/schedules");
        var listByNothing = await nothing.GetAsync("/api/v1/schedules");
        var after = await fixture.Http.GetAsync($"/api/v1/schedules/{id}");

        byReader.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byNarrowed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        narrowedProblem.GetProperty("detail").GetString().Should().Contain("workflows:start").And.Contain(definition);
        listByReader.StatusCode.Should().Be(HttpStatusCode.OK);
        listByNothing.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> PollAsync(string id, Func<JsonElement, bool> done)
    {
        // A hang guard, not a timing assertion: the machine is shared and slow.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var read = await GetAsync(id);
            if (done(read))
            {
                return read;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, read.GetRawText());
            await Task.Delay(250);
        }
    }
}
