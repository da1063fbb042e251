using System.Text.Json;
using Automation.Engine.Steps.Transforms;
using static Automation.Engine.Tests.Steps.TransformRun;

namespace Automation.Engine.Tests.Steps;

/// <summary>CSV as a transform's input: RFC 4180 quoting, line breaks, types and errors (unit tier).</summary>
public sealed class TransformCsvTests
{
    private static string Csv(string text, string options = "")
    {
        var csv = JsonSerializer.Serialize(text);
        return Output($$"""{ "csv": { "text": {{csv}}{{options}} } }""");
    }

    [Fact]
    public void Csv_HeaderRow_GivesObjectsWithInferredTypes()
    {
        var output = Csv("sku,price,active,note,zip\na,12.50,true,,01234\nb,-3e2,FALSE,x,10\n");

        output.Should().Be("""[{"sku":"a","price":12.50,"active":true,"note":null,"zip":"01234"},{"sku":"b","price":-3e2,"active":false,"note":"x","zip":10}]""",
            "numbers keep their text, empty fields are null, and a leading zero keeps a field text");
    }

    [Fact]
    public void Csv_QuotedFields_HoldDelimitersQuotesAndLineBreaksAndStayText()
    {
        var output = Csv("name,text,n\r\n\"Smith, Ada\",\"She said \"\"hi\"\"\",\"42\"\r\n\"multi\r\nline\",\"\",7\r\n");

        output.Should().Be("""[{"name":"Smith, Ada","text":"She said \u0022hi\u0022","n":"42"},{"name":"multi\r\nline","text":"","n":7}]""",
            "a quoted field is always a string, even \"42\" or \"\"");
    }

    [Fact]
    public void Csv_CrlfLfAndBlankLines_AreRecordBreaks()
    {
        var output = Csv("\uFEFFa;b\r\n1;2\n\n3;4\r\n\r\n", """, "delimiter": ";" """);

        output.Should().Be("""[{"a":1,"b":2},{"a":3,"b":4}]""", "a byte order mark is dropped and blank lines are skipped");
    }

    [Fact]
    public void Csv_EmptyFieldsAtTheEnds_AreFields()
    {
        var output = Csv("a,b,c\n,,\n1,,\n");

        output.Should().Be("""[{"a":null,"b":null,"c":null},{"a":1,"b":null,"c":null}]""");
    }

    [Fact]
    public void Csv_TypesString_KeepsEveryFieldAsText()
    {
        var output = Csv("a,b,c\n1,true,\n", """, "types": "string" """);

        output.Should().Be("""[{"a":"1","b":"true","c":""}]""");
    }

    [Fact]
    public void Csv_NoHeader_GivesArraysOrObjectsNamedByColumns()
    {
        var arrays = Csv("1,x\n2,y", """, "header": false """);
        var named = Csv("1\tx\n2\ty", """, "header": false, "delimiter": "\t", "columns": ["n", "s"] """);

        arrays.Should().Be("""[[1,"x"],[2,"y"]]""", "the last record needs no line break");
        named.Should().Be("""[{"n":1,"s":"x"},{"n":2,"s":"y"}]""");
    }

    [Fact]
    public void Csv_HeaderOnlyOrEmpty_GivesNoRecords()
    {
        Csv("a,b\n").Should().Be("[]");
        Csv("").Should().Be("[]");
    }

    [Fact]
    public void Csv_WithOperations_FeedsThePipeline()
    {
        var output = Output("""
        { "csv": { "text": "{{ input.text }}" },
          "operations": [ { "groupBy": { "key": "{{ item.region }}", "aggregates": { "total": { "sum": "{{ item.amount }}" } } } }, { "sort": { "by": "{{ item.total }}", "order": "desc" } } ] }
        """, """{ "text": "region,amount\neu,10\nus,5.5\neu,2\nus,30\n" }""");

        output.Should().Be("""[{"key":"us","total":35.5},{"key":"eu","total":12}]""");
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n", "line 2: a quoted field is not closed")]
    [InlineData("a,b\n1,2\n3\n", "line 3: 1 fields, but the header row has 2 columns")]
    [InlineData("a,b\n1,2,3\n", "line 2: 3 fields, but the header row has 2 columns")]
    [InlineData("a,b\n\"x\"y,2\n", "line 2: unexpected 'y' after the closing quote")]
    [InlineData("a,,c\n1,2,3\n", "line 1: column 2 of the header row has no name")]
    [InlineData("a,a\n1,2\n", "line 1: the header row names 'a' twice")]
    [InlineData("x\n\"multi\nline\",\n", "line 2: 2 fields, but the header row has 1 columns")]
    public void Csv_BadText_FailsTheStepWithCsvError(string text, string message)
    {
        var error = Failure($$"""{ "csv": { "text": {{JsonSerializer.Serialize(text)}} } }""");

        error.Type.Should().Be("transform.csv");
        error.Retryable.Should().BeFalse();
        error.Message.Should().StartWith("csv: ").And.Contain(message);
    }

    [Fact]
    public void Csv_RaggedRowsWithoutHeader_FailNamingTheLine()
    {
        var error = Failure("""{ "csv": { "text": "1,2\n\n3,4,5", "header": false } }""");

        error.Message.Should().Be("csv: line 3: 3 fields, but the first record has 2.");
    }

    [Fact]
    public void Csv_TextRenderingToNonString_Fails()
    {
        var error = Failure("""{ "csv": { "text": "{{ input.rows }}" } }""", """{ "rows": [1] }""");

        error.Type.Should().Be("transform.csv");
        error.Message.Should().Contain("must render to a string, not an array");
    }

    [Fact]
    public void Read_QuotedFieldSpanningLines_CountsLinesForLaterRecords()
    {
        var records = CsvReader.Read("\"a\r\nb\nc\",1\r\nd,2", ',');

        records.Select(r => r.Line).Should().Equal(1, 4);
        records[0].Fields.Should().Equal(new CsvField("a\r\nb\nc", true), new CsvField("1", false));
    }
}
