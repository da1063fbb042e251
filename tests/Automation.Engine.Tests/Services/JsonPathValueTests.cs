using System.Text.Json;
using Automation.Engine.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>The http probe's body check by JSON path.</summary>
public sealed class JsonPathValueTests
{
    private static readonly JsonElement Body = JsonDocument.Parse("""{ "status": "ok", "checks": [ { "ok": true, "n": 3 } ] }""").RootElement;

    [Theory]
    [InlineData("$.status", "ok")]
    [InlineData("$.checks[0].ok", "true")]
    [InlineData("$.checks[0].n", "3")]
    public void TryRead_Path_ValueAsText(string path, string expected)
    {
        var found = JsonPathValue.TryRead(Body, path, out var value);

        found.Should().BeTrue();
        JsonPathValue.Text(value).Should().Be(expected);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.checks[3]")]
    [InlineData("status")]
    [InlineData("$..status")]
    public void TryRead_MissingOrInvalid_False(string path)
    {
        JsonPathValue.TryRead(Body, path, out _).Should().BeFalse();
    }
}
