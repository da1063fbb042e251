using Automation.Engine.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>dependsOn checks: self, unknown, duplicate, cycle (issue 11's bad input).</summary>
public sealed class ServiceDependenciesTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Graph = new(StringComparer.Ordinal)
    {
        ["db"] = [],
        ["api"] = ["db"],
        ["web"] = ["api"],
    };

    [Fact]
    public void Check_KnownAcyclic_NoErrors()
    {
        var errors = ServiceDependencies.Check("front", ["web", "db"], Graph);

        errors.Should().BeEmpty();
    }

    [Fact]
    public void Check_Self_ErrorAtIndex()
    {
        var errors = ServiceDependencies.Check("api", ["db", "api"], Graph);

        errors.Should().ContainSingle().Which.Path.Should().Be("$.dependsOn[1]");
        errors[0].Message.Should().Contain("itself");
    }

    [Fact]
    public void Check_Unknown_ErrorNamesIt()
    {
        var errors = ServiceDependencies.Check("api", ["cache"], Graph);

        errors.Should().ContainSingle().Which.Message.Should().Contain("'cache'");
    }

    [Fact]
    public void Check_Cycle_ErrorShowsThePath()
    {
        var errors = ServiceDependencies.Check("db", ["web"], Graph);

        errors.Should().ContainSingle().Which.Message.Should().Be("Depending on 'web' makes a cycle: db → web → api → db.");
    }

    [Fact]
    public void Check_Duplicate_Error()
    {
        var errors = ServiceDependencies.Check("front", ["db", "db"], Graph);

        errors.Should().ContainSingle().Which.Path.Should().Be("$.dependsOn[1]");
    }
}
