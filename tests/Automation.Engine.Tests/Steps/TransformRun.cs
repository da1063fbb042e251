using System.Text.Json;
using Automation.Engine.Tests.Workflows;
using Automation.Workflows;

namespace Automation.Engine.Tests.Steps;

/// <summary>Runs one transform step through the engine, the way a workflow would.</summary>
internal static class TransformRun
{
    /// <summary>Starts a workflow whose steps are <paramref name="steps"/> (a JSON array body) with the given input.</summary>
    public static EngineHarness Workflow(string steps, string input = "{}")
    {
        var h = new EngineHarness($$"""{ "steps": [ {{steps}} ] }""");
        h.Start(input);
        return h;
    }

    /// <summary>Runs a single transform step <c>t</c> with <paramref name="with"/> and returns its output as compact JSON.</summary>
    public static string Output(string with, string input = "{}")
    {
        var h = Workflow($$"""{ "id": "t", "type": "transform", "with": {{with}} }""", input);
        var step = h.Step("t");
        step.Status.Should().Be(StepStatus.Completed, step.Error?.Message);
        return JsonSerializer.Serialize(step.Output!.Value);
    }

    /// <summary>Runs a single transform step <c>t</c> that must fail, and returns its error.</summary>
    public static StepError Failure(string with, string input = "{}")
    {
        var h = Workflow($$"""{ "id": "t", "type": "transform", "with": {{with}} }""", input);
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        return h.Step("t").Error!;
    }
}
