using System.Text.Json;
using Automation.Api.Contracts.Events;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Api.Tests;

/// <summary>Every grain history event has an API contract whose <c>type</c> is the event's name (unit, no API).</summary>
public sealed class HistoryEventTests
{
    public static TheoryData<Type> GrainEventTypes() =>
        [.. typeof(WorkflowEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WorkflowEvent)) && !t.IsAbstract)];

    [Theory]
    [MemberData(nameof(GrainEventTypes))]
    public void From_EveryGrainEventType_MapsToAContractWrittenWithItsKind(Type grainEventType)
    {
        var constructor = grainEventType.GetConstructors().Single(c => c.GetParameters().Length > 0 && c.GetParameters()[0].Name == "Sequence");
        var grainEvent = (WorkflowEvent)constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType))]);

        var json = JsonSerializer.SerializeToElement(HistoryEvent.From(grainEvent), ApiFixture.Json);

        json.GetProperty("type").GetString().Should().Be(grainEventType.Name);
    }

    private static object? Sample(Type type) =>
        type == typeof(string) ? "x"
        : type == typeof(int) ? 1
        : type == typeof(long) ? 1L
        : type == typeof(bool) ? true
        : type == typeof(DateTimeOffset) ? DateTimeOffset.UnixEpoch
        : type == typeof(StepError) ? new StepError("timeout", "m", Retryable: true)
        : type == typeof(IReadOnlyList<string>) ? new[] { "x" }
        : type == typeof(WorkflowStatus) ? WorkflowStatus.Completed
        : throw new NotSupportedException($"Add a sample {type.Name} for the new event.");
}
