using System.Reflection;
using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>Finished steps move to the step archive as JSON (ADR 0027): every member must come back exactly.</summary>
public sealed class StepStateJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 30, 0, 123, TimeSpan.FromHours(2));

    [Fact]
    public void RoundTrip_FullyPopulatedStep_KeepsEveryMemberExactly()
    {
        var step = new StepState
        {
            Status = StepStatus.Failed,
            AttemptsFinished = 3,
            Output = Json("""{"z":1,"a":[1.50,"x",null,{"k":true}],"m":null}"""),
            Error = new StepError("http.503", "busy", Retryable: true),
            ScheduledAt = At,
            CompletedAt = At.AddSeconds(5),
            NextAttemptAt = At.AddSeconds(6),
            Failures =
            [
                new AttemptFailure(1, At, At.AddSeconds(1), new StepError("timeout", "slow", true), Json("""{"status":504}""")),
                new AttemptFailure(2, At.AddSeconds(2), At.AddSeconds(3), new StepError("http.503", "busy", true)),
            ],
            WakeAt = At.AddMinutes(1),
            Awaiting = new StepWait("paid", true, ["role:ops", "ada"], "ok?", At.AddHours(1)),
            AttemptBase = 1,
            Children = new ChildRuns
            {
                Run = 2, Total = 10, Started = 4, Running = [2, 3], Completed = 1, Failed = 1, FirstFailure = 0,
                FirstError = new StepError("child", "no", false), Winner = 1, Collecting = true, MaxConcurrency = 2,
                FailFast = false, FirstWins = true, CustomId = "custom",
            },
            ServiceWait = new ServiceWait("orders-api", "service orders-api is Unhealthy", At, At.AddMinutes(5)),
        };

        var json = StepStateJson.Serialize(step);
        var loaded = StepStateJson.Deserialize(json);

        loaded.Should().BeEquivalentTo(step, o => o.Excluding(s => s.Output).Excluding(s => s.Failures));
        loaded.Output!.Value.GetRawText().Should().Be("""{"z":1,"a":[1.50,"x",null,{"k":true}],"m":null}""", "key order and number text are kept");
        loaded.Failures.Should().HaveCount(2);
        loaded.Failures[0].Should().BeEquivalentTo(step.Failures[0], o => o.Excluding(f => f.Output));
        loaded.Failures[0].Output!.Value.GetRawText().Should().Be("""{"status":504}""");
        loaded.Failures[1].Should().Be(step.Failures[1]);
        loaded.CompletedAt!.Value.Offset.Should().Be(TimeSpan.FromHours(2));
        loaded.Children!.FailFast.Should().BeFalse("a value equal to neither the default nor the initializer is written");
        StepStateJson.Serialize(loaded).Should().Be(json);
    }

    [Fact]
    public void RoundTrip_OutputThatIsJsonNull_StaysAnOutputOfKindNull()
    {
        var step = new StepState { Status = StepStatus.Completed, Output = Json("null") };

        var loaded = StepStateJson.Deserialize(StepStateJson.Serialize(step));

        loaded.Output.Should().NotBeNull("a step whose output is null still has an output that templates can read");
        loaded.Output!.Value.ValueKind.Should().Be(JsonValueKind.Null);
        StepStateJson.Deserialize(StepStateJson.Serialize(new StepState())).Output.Should().BeNull();
    }

    [Fact]
    public void IsUntouched_EveryMemberSetInTurn_IsFalseAndTheMemberRoundTrips()
    {
        var untouched = StepStateJson.Serialize(new StepState());
        var properties = typeof(StepState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();

        new StepState().IsUntouched().Should().BeTrue();
        properties.Should().HaveCount(13, "a new StepState member needs a value below and a check in IsUntouched");
        foreach (var property in properties)
        {
            var step = new StepState();
            property.SetValue(step, Touched(property.PropertyType));

            step.IsUntouched().Should().BeFalse($"{property.Name} is set");
            var json = StepStateJson.Serialize(step);
            json.Should().NotBe(untouched, $"{property.Name} is written");
            StepStateJson.Serialize(StepStateJson.Deserialize(json)).Should().Be(json, $"{property.Name} round-trips");
        }
    }

    private static object Touched(Type type) => type switch
    {
        _ when type == typeof(StepStatus) => StepStatus.Completed,
        _ when type == typeof(int) => 1,
        _ when type == typeof(JsonElement?) => Json("1"),
        _ when type == typeof(StepError) => new StepError("e", "m", false),
        _ when type == typeof(DateTimeOffset?) => At,
        _ when type == typeof(List<AttemptFailure>) => new List<AttemptFailure> { new(1, At, At, new StepError("e", "m", true)) },
        _ when type == typeof(StepWait) => new StepWait("s", false, [], null, null),
        _ when type == typeof(ChildRuns) => new ChildRuns(),
        _ when type == typeof(ServiceWait) => new ServiceWait("s", "r", At, At),
        _ => throw new InvalidOperationException($"No touched value for {type}: add one."),
    };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
