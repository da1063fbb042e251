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
/// run their attempts through the real <see cref="AttemptRunner"/> and <see cref="AttemptDecision"/>, and the task
/// reports flow back into the workflow. Step executors are scripts per step id.
/// </summary>
internal sealed class EngineHarness
{
    public const string WorkflowId = "wf-1";

    private readonly StepKindRegistry _kinds;
    private readonly Dictionary<string, Func<StepContext, CancellationToken, Task<StepResult>>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly AttemptRunner _runner;

    public EngineHarness(string definitionJson, params IStepKind[] extraKinds)
    {
        _kinds = new StepKindRegistry([new HttpStepKind(), new DelayStepKind(), new TransformStepKind(), .. extraKinds]);
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

    public WorkflowDecision Redrive() => Handle(Execution.Redrive(Time.GetUtcNow()));

    /// <summary>Runs every task attempt that is due now, feeding results back, until nothing is due.</summary>
    public async Task RunDueAsync()
    {
        while (_tasks.Values.FirstOrDefault(t => t.IsDue(Time.GetUtcNow())) is { } task)
        {
            await RunAttemptAsync(task);
        }
    }

    /// <summary>Advances the clock to the next retry due time and runs what is due, until no task is waiting.</summary>
    public async Task RunToEndAsync()
    {
        await RunDueAsync();
        while (_tasks.Values.Where(t => t.Active).Select(t => t.NextAttemptAt).Min() is { } next)
        {
            Time.SetUtcNow(next > Time.GetUtcNow() ? next : Time.GetUtcNow());
            await RunDueAsync();
        }
    }

    private async Task RunAttemptAsync(SimulatedTask task)
    {
        var attempt = task.AttemptsFinished + 1;
        var startedAt = Time.GetUtcNow();
        var script = _scripts.GetValueOrDefault(task.Request.StepId) ?? ((_, _) => Task.FromResult(StepResult.Success(JsonDocument.Parse("""{"ok":true}""").RootElement.Clone())));
        var result = await _runner.RunAsync(new ScriptedHandler(task.Request.Type, script), task.Request, attempt, task.Cancellation.Token);
        var finishedAt = Time.GetUtcNow();
        var decision = AttemptDecision.Decide(task.Request.Retry, attempt, result, finishedAt);
        task.AttemptsFinished = attempt;
        task.NextAttemptAt = decision.NextAttemptAt;
        task.Finished = decision.Outcome != AttemptOutcome.Retry;
        var kind = decision.Outcome switch
        {
            AttemptOutcome.Completed => TaskReportKind.Completed,
            AttemptOutcome.Retry => TaskReportKind.Retrying,
            _ => TaskReportKind.Failed,
        };
        Report(new TaskReport(task.Request.StepId, kind, attempt, startedAt, finishedAt, result.Output, result.Error, decision.NextAttemptAt));
    }

    private WorkflowDecision Handle(WorkflowDecision decision)
    {
        Decisions.Add(decision);
        var (dispatch, cancel) = decision.EffectiveActions();
        foreach (var request in dispatch)
        {
            Dispatched.Add(request);
            _tasks.TryAdd(request.StepId, new SimulatedTask(request));
        }

        foreach (var stepId in cancel)
        {
            Cancelled.Add(stepId);
            if (_tasks.TryGetValue(stepId, out var task))
            {
                task.Cancellation.Cancel();
                task.Finished = true;
            }
        }

        return decision;
    }

    private sealed class SimulatedTask(StepRequest request)
    {
        public StepRequest Request { get; } = request;

        public CancellationTokenSource Cancellation { get; } = new();

        public int AttemptsFinished { get; set; }

        public DateTimeOffset? NextAttemptAt { get; set; }

        public bool Finished { get; set; }

        public bool Active => !Finished && NextAttemptAt is not null;

        public bool IsDue(DateTimeOffset now) => !Finished && (NextAttemptAt is null || NextAttemptAt <= now);
    }

    private sealed class ScriptedHandler(string type, Func<StepContext, CancellationToken, Task<StepResult>> script) : IStepHandler
    {
        public string Type => type;

        public bool HasAttemptTimeout => type != "delay";

        public Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => script(context, cancellationToken);
    }
}
