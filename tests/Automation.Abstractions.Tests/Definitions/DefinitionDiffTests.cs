using System.Text.Json;
using Automation.Definitions;

namespace Automation.Abstractions.Tests.Definitions;

/// <summary>The structural diff behind <c>GET /definitions/{name}/versions/{a}/diff/{b}</c>.</summary>
public sealed class DefinitionDiffTests
{
    private static DefinitionDiffResult Diff(string from, string to)
    {
        using var a = JsonDocument.Parse(from);
        using var b = JsonDocument.Parse(to);
        return DefinitionDiff.Compare(a.RootElement, b.RootElement);
    }

    [Fact]
    public void Compare_SameJsonWithOtherKeyOrderAndWhitespace_IsEmpty()
    {
        var result = Diff(
            """{ "description": "d", "steps": [ { "id": "a", "type": "transform", "with": { "x": 1, "y": [1, 2] } } ] }""",
            """{"steps":[{"with":{"y":[1,2],"x":1},"type":"transform","id":"a"}],"description":"d"}""");

        result.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Compare_StepsAddedRemovedAndChanged_ListsEachById()
    {
        var result = Diff(
            """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } }, { "id": "gone", "type": "delay", "with": { "duration": "1s" } } ] }""",
            """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 2 }, "timeout": "5s" }, { "id": "new", "type": "transform", "with": { "value": 3 } } ] }""");

        result.StepsAdded.Should().Equal("new");
        result.StepsRemoved.Should().Equal("gone");
        result.StepsChanged.Should().ContainSingle().Which.Id.Should().Be("a");
        var changes = result.StepsChanged[0].Changes;
        changes.Select(c => c.Path).Should().Equal("$.steps[id=a].with", "$.steps[id=a].timeout");
        changes[0].Before!.Value.GetRawText().Should().Be("""{ "value": 1 }""");
        changes[0].After!.Value.GetRawText().Should().Be("""{ "value": 2 }""");
        changes[1].Before.Should().BeNull();
        changes[1].After!.Value.GetString().Should().Be("5s");
        result.Root.Should().BeEmpty();
        result.StepOrderChanged.Should().BeFalse();
    }

    [Fact]
    public void Compare_RootFieldsAddedRemovedChanged_ListedWithPathsAndValues()
    {
        var result = Diff(
            """{ "description": "old", "timeout": "1h", "steps": [] }""",
            """{ "description": "new", "retention": "90d", "steps": [] }""");

        result.Root.Select(c => (c.Path, c.Before?.GetRawText(), c.After?.GetRawText())).Should().Equal(
            ("$.description", "\"old\"", "\"new\""),
            ("$.timeout", "\"1h\"", null),
            ("$.retention", null, "\"90d\""));
        result.StepsAdded.Should().BeEmpty();
        result.StepsChanged.Should().BeEmpty();
    }

    [Fact]
    public void Compare_SameStepsReordered_ReportsOrderOnly()
    {
        var result = Diff(
            """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } }, { "id": "b", "type": "transform", "with": { "value": 2 } } ] }""",
            """{ "steps": [ { "id": "b", "type": "transform", "with": { "value": 2 } }, { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        result.StepOrderChanged.Should().BeTrue();
        result.StepsChanged.Should().BeEmpty();
        result.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void Compare_NumbersWrittenDifferently_AreDifferentValuesOnlyWhenTheTextDiffers()
    {
        var same = Diff("""{ "x": 1, "steps": [] }""", """{ "x": 1, "steps": [] }""");
        var other = Diff("""{ "x": 1, "steps": [] }""", """{ "x": 2, "steps": [] }""");

        same.IsEmpty.Should().BeTrue();
        other.Root.Should().ContainSingle().Which.Path.Should().Be("$.x");
    }
}
