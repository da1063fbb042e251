using System.Text.Json;
using Automation.Secrets;

namespace Automation.Abstractions.Tests.Secrets;

/// <summary>Placeholders: found in string values only, replaced before sending; values masked on the way back.</summary>
public sealed class SecretPlaceholdersTests
{
    [Theory]
    [InlineData("token", true)]
    [InlineData("api-key_2", true)]
    [InlineData("A", true)]
    [InlineData("", false)]
    [InlineData("2fa", false)]
    [InlineData("trailing-", false)]
    [InlineData("../etc/passwd", false)]
    [InlineData("a.b", false)]
    [InlineData("name\n", false)]
    [InlineData("x' OR '1'='1", false)]
    public void IsValid_Names_AcceptsPlainWordsOnly(string name, bool valid)
    {
        SecretNames.IsValid(name).Should().Be(valid);
    }

    [Fact]
    public void Count_JsonWithPlaceholders_CountsPerNameInStringValuesOnly()
    {
        var json = JsonElement.Parse("""
        { "url": "https://x/${secret:a}?k=${secret:a}", "headers": { "${secret:b}": "Bearer ${secret:b}" }, "n": 1, "list": ["${secret:c}", "${secret:bad name}"] }
        """);

        var counts = SecretPlaceholders.Count(json);

        counts.Should().BeEquivalentTo(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["c"] = 1 });
    }

    [Fact]
    public void Replace_Json_PutsValuesInStringsAndKeepsPropertyNames()
    {
        var json = JsonElement.Parse("""{ "${secret:a}": "x ${secret:a} y", "n": [1, "${secret:b}"] }""");

        var resolved = SecretPlaceholders.Replace(json, new Dictionary<string, string> { ["a"] = "A\"1", ["b"] = "B" });

        resolved.GetProperty("${secret:a}").GetString().Should().Be("x A\"1 y");
        resolved.GetProperty("n")[1].GetString().Should().Be("B");
        resolved.GetProperty("n")[0].GetInt32().Should().Be(1);
    }

    [Fact]
    public void Redact_EchoedForms_MasksRawJsonEscapedAndUrlEncodedValues()
    {
        const string value = "p@ss word/\"x\"";
        var redactor = new SecretRedactor([value]);
        var echoed = JsonElement.Parse($$"""
        { "raw": {{JsonSerializer.Serialize(value)}}, "query": "?t={{Uri.EscapeDataString(value)}}", "text": {{JsonSerializer.Serialize("body: " + JsonSerializer.Serialize(value))}}, {{JsonSerializer.Serialize(value)}}: 1 }
        """);

        var masked = redactor.Redact(echoed).GetRawText();

        masked.Should().NotContain("p@ss").And.NotContain("ss word").And.NotContain("ss%20word");
        masked.Should().Contain("\"raw\":\"***\"").And.Contain("?t=***").And.Contain("\"***\":1");
    }

    [Theory]
    [InlineData("?k=s3cr3t/x%20%2B%22y%22")]
    [InlineData("?k=s3cr3t%2Fx+%2b\"y\"")]
    [InlineData("""{"k":"s3cr3t\/x \u002B\u0022y\u0022"}""")]
    public void Redact_MixedEscaping_StillMasks(string echoed)
    {
        var redactor = new SecretRedactor(["s3cr3t/x +\"y\""]);

        redactor.Redact(echoed).Should().NotContain("s3cr3t").And.Contain("***");
    }

    [Fact]
    public void Redact_HostileEchoOfAPercentHeavyValue_FinishesAndMasksTheValue()
    {
        var value = new string('%', 40);
        var redactor = new SecretRedactor([value]);
        var hostile = string.Concat(Enumerable.Repeat("%25", 39)) + "! " + value + " " + string.Concat(Enumerable.Repeat("%25", 40));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var masked = redactor.Redact(hostile);

        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "a hang guard: matching never backtracks into a character");
        masked.Should().EndWith("! *** ***");
    }

    [Fact]
    public void Redact_OverlappingValues_MasksTheLongerWhole()
    {
        var redactor = new SecretRedactor(["abc", "abcdef"]);

        redactor.Redact("x abcdef y abc").Should().Be("x *** y ***");
    }
}
