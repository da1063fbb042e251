using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Execution;
using Automation.Engine.Steps;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace Automation.Engine.Tests.Workflows;

/// <summary>
/// Drives the pure engine the way the grains do, in memory and on a fake clock: the workflow decides, dispatched steps
/// run one attempt per request through the real <see cref="AttemptRunner"/>, their reports flow back into the
/// workflow (which applies the retry policy), and due retries and timers resume it. Step executors are scripts per
/// step id.
/// </summary>
internal sealed class EngineHarness
{
    public const string WorkflowId = "wf-1";

    private readonly StepKindRegistry _kinds;
    private readonly Dictionary<string, Func<StepContext, CancellationToken, Task<StepResult>>> _scripts = new(StringComparer.Ordinal);
    private readonly List<StepRequest> _queue = [];
    private readonly Dictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly AttemptRunner _runner;

    public EngineHarness(string definitionJson, params IStepKind[] extraKinds)
    {
        _kinds = new StepKindRegistry([new HttpStepKind(), new DelayStepKind(), new TransformStepKind(), new SwitchStepKind(), new WaitStepKind(), new WorkflowStepKind(), new ForeachStepKind(), new ParallelStepKind(), .. extraKinds]);
        _runner = new AttemptRunner(Time);
        using var document = JsonDocument.Parse(definitionJson);
        var errors = new List<ValidationError>();
        Definition = new DefinitionParser(_kinds).Parse("test", 1, document.RootElement, Time.GetUtcNow(), errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public WorkflowDefinition Definition { get; }

    public WorkflowState State { get; private set; } = new();

    /// <summary>Every decision, in order.</summary>
    public List<WorkflowDecision> Decisions { get; } = [];

    /// <summary>Every request sent to a task, in order (re-sends included).</summary>
    public List<StepRequest> Dispatched { get; } = [];

    /// <summary>Every step whose task was told to stop, in order.</summary>
    public List<string> Cancelled { get; } = [];

    public WorkflowExecution Execution => new(_kinds, WorkflowId, Definition, State);

    public StepState Step(string id) => State.Steps[id];

    public IEnumerable<string> History => State.History.Select(e => e.GetType().Name);

    /// <summary>Scripts the executor of one step; unscripted task steps succeed with <c>{"ok": true}</c>.</summary>
    public EngineHarness Script(string stepId, Func<StepContext, CancellationToken, Task<StepResult>> script)
    {
        _scripts[stepId] = script;
        return this;
    }

    /// <summary>Scripts one step's attempts in order: each call gets the next result; the last one repeats.</summary>
    public EngineHarness Script(string stepId, params StepResult[] results) =>
        Script(stepId, (ctx, _) => Task.FromResult(results[Math.Min(ctx.Attempt, results.Length) - 1]));

    public WorkflowDecision Start(string input = "{}")
    {
        using var document = JsonDocument.Parse(input);
        var (state, decision) = WorkflowExecution.Start(_kinds, WorkflowId, Definition, document.RootElement.Clone(), Time.GetUtcNow());
        State = state;
        return Handle(decision);
    }

    public WorkflowDecision Cancel(string? reason = null) => Handle(Execution.Cancel(reason, Time.GetUtcNow()));

    public WorkflowDecision Report(TaskReport report) => Handle(Execution.Apply(report, Time.GetUtcNow()));

    public WorkflowDecision Resume(Func<string, Automation.Engine.Services.GateVerdict?>? serviceGate = null) =>
        Handle(Execution.Resume(Time.GetUtcNow(), serviceGate));

    public WorkflowDecision Signal(string name, string payload = "{}")
    {
        using var document = JsonDocument.Parse(payload);
        return Handle(Execution.Signal(name, document.RootElement.Clone(), Time.GetUtcNow()));
    }

    public WorkflowDecision Approve(string stepId, bool approved, string by, string? comment = null) =>
        Handle(Execution.Approve(stepId, approved, by, comment, Time.GetUtcNow()));

    /// <summary>Children started, in order (re-sends included).</summary>
    public List<ChildStart> ChildrenStarted { get; } = [];

    /// <summary>Children told to stop, in order.</summary>
    public List<string> ChildrenCancelled { get; } = [];

    /// <summary>Collections asked for, in order.</summary>
    public List<ChildCollection> Collections { get; } = [];

    public WorkflowDecision ChildrenFinished(params ChildReport[] reports) => Handle(Execution.ChildrenFinished(reports, Time.GetUtcNow()));

    public WorkflowDecision Collected(string stepId, IReadOnlyList<ChildResult> results) => Handle(Execution.Collected(stepId, results, Time.GetUtcNow()));

    public WorkflowDecision Terminate(string? reason = null) => Handle(Execution.Terminate(reason, Time.GetUtcNow()));

    public WorkflowDecision Pause(string? reason = null) => Handle(Execution.Pause(reason, Time.GetUtcNow()));

    public WorkflowDecision Unpause() => Handle(Execution.Unpause(Time.GetUtcNow()));

    /// <summary>Retries the workflow; <paramref name="inputPatch"/> is a JSON Merge Patch document.</summary>
    public WorkflowDecision Retry(string? inputPatch = null, string? reason = null, string? by = null) =>
        Handle(Execution.Retry(RetryCommand(inputPatch, reason, by), Time.GetUtcNow()));

    public static RetryWorkflowCommand RetryCommand(string? inputPatch = null, string? reason = null, string? by = null) =>
        new(inputPatch is null ? null : JsonDocument.Parse(inputPatch).RootElement.Clone(), reason) { By = by };

    /// <summary>Runs every dispatched attempt and every retry or wait that is due now, feeding outcomes back, until nothing is.</summary>
    public async Task RunDueAsync()
    {
        while (true)
        {
            if (_queue.Count > 0)
            {
                var request = _queue[0];
                _queue.RemoveAt(0);
                await RunAttemptAsync(request);
            }
            else if (Execution.NextDueAt() is { } due && due <= Time.GetUtcNow())
            {
                Resume();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Advances the clock to each next due time and runs what is due, until nothing waits on the clock.</summary>
    public async Task RunToEndAsync()
    {
        await RunDueAsync();
        while (Execution.NextDueAt() is { } next)
        {
            Time.SetUtcNow(next > Time.GetUtcNow() ? next : Time.GetUtcNow());
            await RunDueAsync();
        }
    }

    private async Task RunAttemptAsync(StepRequest request)
    {
        using var cancellation = new CancellationTokenSource();
        _running[request.StepId] = cancellation;
        var startedAt = Time.GetUtcNow();
        var script = _scripts.GetValueOrDefault(request.StepId) ?? ((_, _) => Task.FromResult(StepResult.Success(JsonDocument.Parse("""{"ok":true}""").RootElement.Clone())));
        StepResult result;
        try
        {
            result = await _runner.RunAsync(new ScriptedHandler(request.Type, script), request, request.Attempt, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return; // Cancelled by the workflow: a cancelled attempt reports nothing.
        }
        finally
        {
            _running.Remove(request.StepId);
        }

        var kind = result.Succeeded ? TaskReportKind.Completed : TaskReportKind.Failed;
        Report(new TaskReport(request.StepId, kind, request.Attempt, startedAt, Time.GetUtcNow(), result.Output, result.Error, null));
    }

    private WorkflowDecision Handle(WorkflowDecision decision)
    {
        Decisions.Add(decision);
        ChildrenStarted.AddRange(decision.StartChildren);
        ChildrenCancelled.AddRange(decision.CancelChildren);
        Collections.AddRange(decision.Collect);
        var (dispatch, cancel) = decision.EffectiveActions();
        foreach (var request in dispatch)
        {
            Dispatched.Add(request);
            _queue.Add(request);
        }

        foreach (var stepId in cancel)
        {
            Cancelled.Add(stepId);
            _queue.RemoveAll(r => r.StepId == stepId);
            if (_running.TryGetValue(stepId, out var running))
            {
                running.Cancel();
            }
        }

        return decision;
    }

    private sealed class ScriptedHandler(string type, Func<StepContext, CancellationToken, Task<StepResult>> script) : IStepHandler
    {
        public string Type => type;

        public bool HasAttemptTimeout => type != "delay";

        public Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => script(context, cancellationToken);
    }
}
