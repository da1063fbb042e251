using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level: child workflows (<c>foreach</c> and <c>workflow</c> steps, ADR 0009) across a silo killed with
/// SIGKILL. Real silo and API processes on PostgreSQL, an <see cref="HttpTarget"/> for the items' calls; everything is
/// observed through the API as a client would (long-poll <c>?wait=</c>, <c>?parentId=</c>). Waits are hang guards of
/// minutes; recovery times are printed, never asserted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChildWorkflowCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Parents = 3;
    private const int Items = 60;
    private const int MaxConcurrency = 10;
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);
    private ProcessCluster _cluster = null!;
    private HttpTarget _target = null!;

    public async Task InitializeAsync()
    {
        _target = await HttpTarget.StartAsync();
        _cluster = await ProcessCluster.CreateAsync("child-crash", output);
    }

    public async Task DisposeAsync()
    {
        _target.OpenGate(); // nothing left hanging on /gate while the processes stop
        await _cluster.DisposeAsync();
        await _target.DisposeAsync();
    }

    /// <summary>
    /// Three parents, each a <c>foreach</c> over 60 items (maxConcurrency 10) whose inline steps call <c>/slow/300</c>
    /// then transform. One of two silos is killed once a third of the item calls have arrived; then either the survivor
    /// carries on alone or a replacement silo process joins. Every parent completes with 60 outputs in item order,
    /// exactly the 60 deterministic child ids exist per parent, each completed, and each item called only attempt 1.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Foreach_SiloKilledMidItems_EveryParentCompletesWithItsSixtyChildrenInOrder(bool startReplacement)
    {
        var doomed = await _cluster.StartSiloAsync(ReminderPeriod);
        var survivor = await _cluster.StartSiloAsync(ReminderPeriod);
        using var http = await _cluster.StartApiAsync();
        await RegisterAsync(http, "fanout", Fanout($"{_target.BaseUrl}/slow/300", timeout: "30s"));
        var parents = await StartParentsAsync(http, "fanout", startReplacement ? "fan-replaced" : "fan-survivor");

        await _target.ReceivedAtLeast(Parents * Items / 3).WaitAsync(HangGuard); // hang guard only
        await WaitUntilAsync(() => Task.FromResult(_target.InFlight >= MaxConcurrency), "item calls in flight"); // not between two waves
        var (received, inFlight) = (_target.IdempotencyKeys.Count, _target.InFlight);
        doomed.Kill();
        var sinceKill = Stopwatch.StartNew();
        output.WriteLine($"Killed a silo with {received} item calls received, {inFlight} in flight.");
        if (startReplacement)
        {
            await _cluster.StartSiloAsync(ReminderPeriod);
            output.WriteLine($"Replacement silo ready {Seconds(sinceKill.Elapsed)} after the kill.");
        }

        foreach (var parent in parents)
        {
            var workflow = await WaitFinishedAsync(http, parent);
            output.WriteLine($"{parent} {workflow.GetProperty("status").GetString()} {Seconds(sinceKill.Elapsed)} after the kill.");
            workflow.GetProperty("status").GetString().Should().Be("Completed", $"{parent}: {workflow.GetRawText()}\n{_cluster.Tails()}");
            var step = Step(workflow, "each");
            var result = step.GetProperty("output");
            result.GetProperty("count").GetInt32().Should().Be(Items);
            result.GetProperty("completed").GetInt32().Should().Be(Items);
            result.GetProperty("failed").GetInt32().Should().Be(0);
            var outputs = result.GetProperty("outputs").EnumerateArray().ToList();
            outputs.Should().HaveCount(Items);
            for (var i = 0; i < Items; i++)
            {
                outputs[i].GetProperty("item").GetString().Should().Be($"{parent}-item-{i}", $"output {i} of {parent} is item {i}'s");
                outputs[i].GetProperty("index").GetInt32().Should().Be(i);
                outputs[i].GetProperty("slept").GetInt32().Should().Be(300);
            }

            var children = step.GetProperty("children");
            children.GetProperty("total").GetInt32().Should().Be(Items);
            children.GetProperty("completed").GetInt32().Should().Be(Items);
            children.GetProperty("failed").GetInt32().Should().Be(0);

            var listed = await ListChildrenAsync(http, parent, expectAllFinished: true);
            var ids = listed.Select(c => c.Id).ToList();
            ids.Should().OnlyHaveUniqueItems($"no child of {parent} was started twice");
            ids.Should().BeEquivalentTo(Enumerable.Range(0, Items).Select(i => $"{parent}:each:{i}"), "child ids are deterministic {parent}:{step}:{index}");
            listed.Where(c => c.Status != "Completed").Should().BeEmpty($"every child of {parent} completed");
        }

        output.WriteLine($"Every parent completed {Seconds(sinceKill.Elapsed)} after the kill.");
        PrintRecovery(survivor);
        var keys = _target.IdempotencyKeys.ToList();
        output.WriteLine($"{keys.Count} item calls for {Parents * Items} items ({keys.Count - keys.Distinct().Count()} re-sent after the kill with the same key).");
        keys.Distinct().Should().HaveCount(Parents * Items, "every item's child called once per attempt")
            .And.OnlyContain(k => k.EndsWith(":call:1", StringComparison.Ordinal), "only attempt 1 of any item ran (a re-run keeps its key)");
    }

    /// <summary>
    /// A <c>workflow</c> step whose child waits for a signal. Six parents, so that children and parents live on both
    /// silos; one silo is killed once every child is waiting; each child is then signalled through the API, and every
    /// parent completes with its child's output.
    /// </summary>
    [Fact]
    public async Task WorkflowStep_ChildWaitingForSignal_SiloKilled_ParentCompletesWithTheChildsOutput()
    {
        var doomed = await _cluster.StartSiloAsync(ReminderPeriod);
        var survivor = await _cluster.StartSiloAsync(ReminderPeriod);
        using var http = await _cluster.StartApiAsync();
        await RegisterAsync(http, "signal-child", """
        { "signals": ["go"],
          "steps": [ { "id": "hold", "type": "wait", "with": { "signal": "go" } } ],
          "output": "{{ steps.hold.output }}" }
        """);
        await RegisterAsync(http, "signal-parent", """
        { "steps": [
            { "id": "child", "type": "workflow", "with": { "definition": "signal-child", "input": { "n": "{{ input.n }}" } } },
            { "id": "after", "type": "transform", "dependsOn": ["child"], "with": { "value": "{{ steps.child.output.token }}" } } ] }
        """);
        var parents = Enumerable.Range(0, 6).Select(i => $"sig-{i}").ToList();
        foreach (var (parent, n) in parents.Select((p, n) => (p, n)))
        {
            (await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "signal-parent", "workflowId": "{{parent}}", "input": { "n": {{n}} } }""")))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        foreach (var parent in parents)
        {
            await WaitUntilAsync(async () =>
            {
                using var response = await http.GetAsync($"/api/v1/workflows/{parent}:child:0");
                return response.IsSuccessStatusCode && Step(await response.Content.ReadFromJsonAsync<JsonElement>(), "hold").GetProperty("status").GetString() == "Waiting";
            }, $"child of {parent} waiting");
        }

        doomed.Kill();
        var sinceKill = Stopwatch.StartNew();
        output.WriteLine("Killed one of two silos with every child waiting for its signal.");

        foreach (var parent in parents)
        {
            var child = $"{parent}:child:0";
            var answer = await PostWithRetryAsync(http, $"/api/v1/workflows/{child}/signals/go", $$"""{ "token": "token-{{parent}}" }""", idempotencyKey: "signal-" + child);
            output.WriteLine($"{child} signalled {Seconds(sinceKill.Elapsed)} after the kill: delivered {answer.GetProperty("delivered")}.");
            answer.GetProperty("delivered").GetBoolean().Should().BeTrue($"the waiting step of {child} takes the signal: {answer.GetRawText()}");
        }

        foreach (var parent in parents)
        {
            var workflow = await WaitFinishedAsync(http, parent);
            output.WriteLine($"{parent} {workflow.GetProperty("status").GetString()} {Seconds(sinceKill.Elapsed)} after the kill.");
            workflow.GetProperty("status").GetString().Should().Be("Completed", $"{parent}: {workflow.GetRawText()}\n{_cluster.Tails()}");
            Step(workflow, "child").GetProperty("output").GetProperty("token").GetString().Should().Be($"token-{parent}", "the workflow step's output is the child's output");
            workflow.GetProperty("output").GetProperty("after").GetString().Should().Be($"token-{parent}");

            var child = await WaitFinishedAsync(http, $"{parent}:child:0");
            child.GetProperty("status").GetString().Should().Be("Completed");
            child.GetProperty("parent").GetProperty("workflowId").GetString().Should().Be(parent);
            var listed = await ListChildrenAsync(http, parent, expectAllFinished: true);
            listed.Should().ContainSingle().Which.Should().Be(($"{parent}:child:0", "Completed"));
        }

        PrintRecovery(survivor);
    }

    /// <summary>
    /// Three parents, each a <c>foreach</c> over 60 items whose calls are held at <c>/gate</c> (so no item can finish
    /// before the cancel). One of two silos is killed, and each parent is cancelled through the API either at once (before
    /// membership has declared the silo dead) or once the survivor has taken over. Then the gate opens, so a
    /// child left running finishes instead of hanging. In a third case the silo first hangs (SIGSTOP, so calls to it get
    /// no answer) while the cancels go out, and is killed 3 s later. Documented (workflow-language.md): "When the parent
    /// is cancelled … the running children are cancelled"; ADR 0009 adds that this is one best-effort call per child,
    /// not retried if lost.
    /// </summary>
    [Theory]
    [InlineData("at-once")]
    [InlineData("after-takeover")]
    [InlineData("frozen-then-killed")]
    public async Task CancelParent_AfterSiloKill_EveryChildEndsCancelled(string when)
    {
        var doomed = await _cluster.StartSiloAsync(ReminderPeriod);
        var survivor = await _cluster.StartSiloAsync(ReminderPeriod);
        using var http = await _cluster.StartApiAsync();
        await RegisterAsync(http, "held", Fanout($"{_target.BaseUrl}/gate", timeout: "5m"));
        var parents = await StartParentsAsync(http, "held", $"cancel-{when}");

        await _target.ReceivedAtLeast(Parents * MaxConcurrency).WaitAsync(HangGuard); // every parent's first 10 items in flight
        // No item can finish before the gate opens, so these are exactly the children running at the kill.
        var running = _target.IdempotencyKeys.Select(k => k[..k.LastIndexOf(":call:", StringComparison.Ordinal)]).Distinct().ToList();
        var sinceFault = Stopwatch.StartNew();
        Task? killLater = null;
        if (when == "frozen-then-killed")
        {
            // The silo hangs (SIGSTOP: its sockets stay open, calls to it get no answer), then dies (SIGKILL) while the
            // parents' cancels wait on it.
            var pid = PidOf(doomed);
            Signal("STOP", pid);
            output.WriteLine($"Froze silo pid {pid} with {running.Count} children's calls held at the gate.");
            killLater = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // the fault schedule, not a wait for a result
                doomed.Kill();
                output.WriteLine($"Killed the frozen silo {Seconds(sinceFault.Elapsed)} after freezing it.");
            });
        }
        else
        {
            doomed.Kill();
            output.WriteLine($"Killed a silo with {running.Count} children's calls held at the gate.");
        }

        if (when == "after-takeover")
        {
            await WaitUntilAsync(() => Task.FromResult(survivor.ReadLog().Contains("declared dead: resuming", StringComparison.Ordinal)), "the survivor takes over");
            output.WriteLine($"The survivor took over {Seconds(sinceFault.Elapsed)} after the fault.");
        }

        // All three at once, so that "at-once" lands before membership has declared the killed silo dead.
        var takenOver = survivor.ReadLog().Contains("declared dead: resuming", StringComparison.Ordinal);
        output.WriteLine($"Cancelling {Seconds(sinceFault.Elapsed)} after the fault; the survivor had {(takenOver ? "" : "not yet ")}taken over.");
        await Task.WhenAll(parents.Select(async parent =>
        {
            var cancelled = await PostWithRetryAsync(http, $"/api/v1/workflows/{parent}/cancel", """{ "reason": "crash test" }""");
            output.WriteLine($"{parent} cancel answered {cancelled.GetProperty("status").GetString()} {Seconds(sinceFault.Elapsed)} after the fault.");
            cancelled.GetProperty("status").GetString().Should().Be("Cancelled", cancelled.GetRawText());
        }));

        if (killLater is not null)
        {
            await killLater;
        }

        _target.OpenGate(); // a child whose cancel was lost now finishes instead of waiting at the gate
        var wrong = new List<string>();
        foreach (var parent in parents)
        {
            var listed = await ListChildrenAsync(http, parent, expectAllFinished: false);
            listed.Select(c => c.Id).Should().OnlyHaveUniqueItems();
            listed.Select(c => c.Id).Should().BeSubsetOf(Enumerable.Range(0, Items).Select(i => $"{parent}:each:{i}"));
            var mine = running.Where(id => id.StartsWith(parent + ":", StringComparison.Ordinal)).ToList();
            mine.Should().HaveCount(MaxConcurrency);
            listed.Select(c => c.Id).Should().Contain(mine, "every child that was running is listed");
            foreach (var id in listed.Select(c => c.Id).Union(mine))
            {
                // The child's own state (not the visibility row), once it has finished.
                var child = await WaitFinishedAsync(http, id);
                var status = child.GetProperty("status").GetString();
                if (status != "Cancelled")
                {
                    wrong.Add($"{id}: {status} (error {Json(child, "error")}, steps {string.Join(", ", child.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString() + "=" + s.GetProperty("status").GetString()))})");
                }
            }

            var snapshot = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{parent}");
            output.WriteLine($"{parent}: {listed.Count} children listed; step children {Json(Step(snapshot, "each"), "children")}");
        }

        output.WriteLine($"Every child finished {Seconds(sinceFault.Elapsed)} after the fault; {wrong.Count} not Cancelled.");
        foreach (var line in wrong)
        {
            output.WriteLine("  not cancelled: " + line);
        }

        PrintRecovery(survivor);
        wrong.Should().BeEmpty("cancelling a parent cancels its running children (workflow-language.md, child workflows)");
    }

    /// <summary>What the surviving silo's recovery logged (membership change, workflows resumed by its sweep).</summary>
    private void PrintRecovery(ServiceProcess survivor)
    {
        foreach (var line in survivor.ReadLog().Split('\n').Where(l => l.Contains("declared dead", StringComparison.Ordinal) || l.Contains("running workflows in", StringComparison.Ordinal)))
        {
            output.WriteLine("survivor: " + line.Trim());
        }
    }

    /// <summary>The pid of a service process this test started, found by its unique <c>--urls</c> argument.</summary>
    private static int PidOf(ServiceProcess process)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                    if (args.Length > 0 && Path.GetFileName(args[0]) == "dotnet" && args.Contains(process.BaseUrl))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                }
            }
        }

        throw new InvalidOperationException($"No dotnet process with --urls {process.BaseUrl}");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0, $"kill -{signal} {pid}");
    }

    private static string Fanout(string url, string timeout) => $$$"""
        { "steps": [
            { "id": "each", "type": "foreach", "with": {
                "items": "{{ input.items }}",
                "maxConcurrency": {{{MaxConcurrency}}},
                "steps": [
                  { "id": "call", "type": "http", "timeout": "{{{timeout}}}", "with": { "url": "{{{url}}}" } },
                  { "id": "label", "type": "transform", "dependsOn": ["call"], "with": {
                      "value": { "item": "{{ input.item }}", "index": "{{ input.index }}", "slept": "{{ steps.call.output.body.sleptMs | default: 0 }}" } } } ],
                "output": "{{ steps.label.output }}" } } ] }
        """;

    private static async Task RegisterAsync(HttpClient http, string name, string definition)
    {
        using var response = await http.PutAsync($"/api/v1/definitions/{name}", ProcessCluster.Json(definition));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<string>> StartParentsAsync(HttpClient http, string definition, string prefix)
    {
        var parents = new List<string>();
        for (var p = 0; p < Parents; p++)
        {
            var id = $"{prefix}-{p}";
            var items = JsonSerializer.Serialize(Enumerable.Range(0, Items).Select(i => $"{id}-item-{i}"));
            using var response = await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "{{definition}}", "workflowId": "{{id}}", "input": { "items": {{items}} } }"""));
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            parents.Add(id);
        }

        return parents;
    }

    /// <summary>Long-polls until the workflow is no longer Running (hang guard <see cref="HangGuard"/>).</summary>
    private async Task<JsonElement> WaitFinishedAsync(HttpClient http, string id)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (true)
        {
            var workflow = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{id}?wait=60s");
            if (workflow.GetProperty("status").GetString() is not ("Running" or "Paused") || DateTimeOffset.UtcNow > deadline)
            {
                return workflow;
            }
        }
    }

    /// <summary>The children in the visibility table; with <paramref name="expectAllFinished"/>, polled until none is Running (hang guard).</summary>
    private async Task<List<(string Id, string Status)>> ListChildrenAsync(HttpClient http, string parent, bool expectAllFinished)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var page = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows?parentId={Uri.EscapeDataString(parent)}&limit=1000");
            page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null, "one page holds them all");
            var children = page.GetProperty("items").EnumerateArray()
                .Select(c => (c.GetProperty("workflowId").GetString()!, c.GetProperty("status").GetString()!)).ToList();
            if (!expectAllFinished || children.All(c => c.Item2 != "Running") || DateTimeOffset.UtcNow > deadline)
            {
                return children;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>POSTs, retrying while the API answers 5xx or cannot be reached as the cluster settles, as a client would.</summary>
    private async Task<JsonElement> PostWithRetryAsync(HttpClient http, string url, string body, string? idempotencyKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = ProcessCluster.Json(body) };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode < 500 || attempt >= 60)
            {
                throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}\n{_cluster.Tails()}");
            }

            output.WriteLine($"POST {url} answered {(int)response.StatusCode}; retrying");
            await Task.Delay(1000);
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (!await condition())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"{what} (hang guard)\n{_cluster.Tails()}");
            await Task.Delay(200);
        }
    }

    private static JsonElement Step(JsonElement workflow, string id) =>
        workflow.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    private static string Json(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetRawText() : "(none)";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
