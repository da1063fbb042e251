using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>The template scope's step outputs are a view of the step states: only completed steps with an output.</summary>
public sealed class CompletedStepOutputsTests
{
    private static readonly Dictionary<string, StepState> Steps = new()
    {
        ["done"] = new StepState { Status = StepStatus.Completed, Output = JsonElement.Parse("""{"n":1}""") },
        ["running"] = new StepState { Status = StepStatus.Running },
        ["failed"] = new StepState { Status = StepStatus.Failed, Output = JsonElement.Parse("2") },
        ["done-no-output"] = new StepState { Status = StepStatus.Completed },
        ["done-2"] = new StepState { Status = StepStatus.Completed, Output = JsonElement.Parse("3") },
    };

    [Fact]
    public void View_ShowsOnlyCompletedStepsWithAnOutput_InStateOrder()
    {
        var view = new CompletedStepOutputs(Steps);

        view.Count.Should().Be(2);
        view.Keys.Should().Equal("done", "done-2");
        view.Select(step => step.Value.GetRawText()).Should().Equal("""{"n":1}""", "3");
        view.Values.Select(value => value.GetRawText()).Should().Equal("""{"n":1}""", "3");
    }

    [Fact]
    public void TryGetValue_OtherSteps_AreAbsent()
    {
        var view = new CompletedStepOutputs(Steps);

        view.TryGetValue("done", out var done).Should().BeTrue();
        done.GetRawText().Should().Be("""{"n":1}""");
        view["done-2"].GetInt32().Should().Be(3);
        view.ContainsKey("running").Should().BeFalse();
        view.ContainsKey("failed").Should().BeFalse();
        view.ContainsKey("done-no-output").Should().BeFalse();
        view.ContainsKey("unknown").Should().BeFalse();
        var missing = () => view["failed"];
        missing.Should().Throw<KeyNotFoundException>();
    }
}
